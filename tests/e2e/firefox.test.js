// The seed story end to end in Debian's firefox, with dist/firefox.
import { storySuite } from './story.js';

storySuite('firefox');
