// The seed story end to end in Debian's chromium, with dist/chrome.
import { storySuite } from './story.js';

storySuite('chromium');
