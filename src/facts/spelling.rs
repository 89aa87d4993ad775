//! Spellings of names: a transliteration key under which "Sergey" and
//! "Sergei" agree, and a stricter [`same_name`] for deciding that two
//! written names are one.
//!
//! The key, per word: fold case and diacritics, rewrite letter groups that
//! transliterations swap (`tch`→`ch`, `ph`→`f`, `kh`→`h`, `dh`→`d`,
//! `ck`/`q`/hard `c`→`k`, `x`→`ks`, `w`→`v`, `y`→`i`, `ou`→`u`), collapse
//! doubled letters, then keep the first letter, the consonants, and the class
//! of a final vowel (`a`, `i` for e/i/y, `u` for o/u; a final silent `e` is
//! dropped). So Shoigu/Shoygu → `shgu`, Peskov/Peskow → `pskv`,
//! Mohammed/Muhammad → `mhmd`, while Lavrov (`lvrv`) and Lavrova (`lvrva`)
//! differ. The key drops vowels, so it is a grouping key; [`same_name`] also
//! bounds how far the vowels may differ (Son/Sun agree, Kim/Kam do not).

use super::lexicon::{self, TITLES};

/// The transliteration key of a name: per word, see the module docs; words
/// joined by one space. Titles ("Mr", "President") and possessives are dropped.
pub fn name_key(name: &str) -> String {
    with_name_key(name, str::to_string)
}

/// `f` of [`name_key`]`(name)`, without copying the key out of the memo.
pub fn with_name_key<R>(name: &str, f: impl FnOnce(&str) -> R) -> R {
    // The same names come back sentence after sentence and version after
    // version; a key is worked out once per name (per thread, bounded).
    thread_local! {
        static KEYS: std::cell::RefCell<crate::hashing::TermMap<String, String>> = Default::default();
    }
    /// Names held before the memo starts afresh.
    const MEMO: usize = 16_384;
    KEYS.with(|keys| {
        if let Some(key) = keys.borrow().get(name) {
            return f(key);
        }
        let key = name_key_uncached(name);
        let answer = f(&key);
        let mut keys = keys.borrow_mut();
        if keys.len() >= MEMO {
            keys.clear();
        }
        keys.insert(name.to_string(), key);
        answer
    })
}

fn name_key_uncached(name: &str) -> String {
    let mut key = String::new();
    for word in name_words(name) {
        let skeleton = skeleton(&normalize_letters(&word));
        if skeleton.is_empty() {
            continue;
        }
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&skeleton);
    }
    key
}

/// Whether `a` and `b` name the same one: the words of the shorter match, in
/// order, words of the longer ("Lavrov" and "Sergei Lavrov" agree), each pair
/// with the same key and vowels at most one step apart (none for words under
/// four letters, where a vowel is most of the word: Kim ≠ Kam, Son = Sun
/// because o/u are one class).
pub fn same_name(a: &str, b: &str) -> bool {
    let a: Vec<String> = name_words(a).map(|w| normalize_letters(&w)).collect();
    let b: Vec<String> = name_words(b).map(|w| normalize_letters(&w)).collect();
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    let mut rest = long.iter();
    short.iter().all(|word| rest.by_ref().any(|other| same_word(word, other)))
}

/// Whether `a` and `b` are one name spelled two ways: the same words, each
/// matching ([`same_name`]), and the spellings differ beyond case and
/// punctuation ("Sergey Lavrov"/"Sergei Lavrov", not "Lavrov"/"Sergey Lavrov").
pub fn is_variant_name(a: &str, b: &str) -> bool {
    let fa: Vec<String> = name_words(a).collect();
    let fb: Vec<String> = name_words(b).collect();
    fa.len() == fb.len() && fa != fb && same_name(a, b)
}

/// The words of a name, folded to lowercase ASCII-ish letters, without titles
/// and possessive endings; hyphens separate words ("Jong-un" = "Jong Un").
fn name_words(name: &str) -> impl Iterator<Item = String> + '_ {
    name.split(|c: char| c.is_whitespace() || c == '-' || c == '‐')
        .map(fold_word)
        .filter(|w| !w.is_empty() && !lexicon::has(TITLES, w))
}

/// Lowercase, diacritics and possessive dropped, letters only.
fn fold_word(word: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let word =
        word.strip_suffix("'s").or_else(|| word.strip_suffix("’s")).or_else(|| word.strip_suffix("âs")).unwrap_or(word);
    let mut out = String::with_capacity(word.len());
    for c in word.nfd() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Letter groups that transliterations swap, rewritten to one form, and
/// doubled letters collapsed: "Tchaikovsky" → "chaikovski", "Peskow" → "peskov".
fn normalize_letters(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let after = chars.get(i + 2).copied();
        let (text, used): (&str, usize) = match (c, next, after) {
            ('t', Some('c'), Some('h')) => ("ch", 3),
            ('s', Some('c'), Some('h')) => ("sh", 3),
            ('p', Some('h'), _) => ("f", 2),
            ('k', Some('h'), _) => ("h", 2),
            ('g', Some('h'), _) => ("g", 2),
            ('d', Some('h'), _) => ("d", 2),
            ('c', Some('k'), _) => ("k", 2),
            ('c', Some('h'), _) => ("ch", 2),
            ('c', Some('e' | 'i' | 'y'), _) => ("s", 1),
            ('c' | 'q', _, _) => ("k", 1),
            ('x', _, _) => ("ks", 1),
            ('w', _, _) => ("v", 1),
            ('y', _, _) => ("i", 1),
            ('o', Some('u'), _) => ("u", 2),
            _ => {
                out.push(c);
                i += 1;
                continue;
            }
        };
        out.push_str(text);
        i += used;
    }
    collapse_doubles(&out)
}

fn collapse_doubles(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut last = None;
    for c in word.chars() {
        if last != Some(c) {
            out.push(c);
        }
        last = Some(c);
    }
    out
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// One class per group of vowels that transliterations swap.
fn vowel_class(c: char) -> char {
    match c {
        'e' | 'i' | 'y' => 'i',
        'o' | 'u' => 'u',
        other => other,
    }
}

/// First letter, consonants, and the class of a final vowel (a final `e`
/// after a consonant is silent and dropped).
fn skeleton(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let Some(&first) = chars.first() else {
        return String::new();
    };
    let mut end = chars.len();
    if end > 2 && chars[end - 1] == 'e' && !is_vowel(chars[end - 2]) {
        end -= 1;
    }
    let mut out = String::with_capacity(end);
    out.push(first);
    for &c in &chars[1..end] {
        if !is_vowel(c) && !out.ends_with(c) {
            out.push(c);
        }
    }
    if end > 1 && is_vowel(chars[end - 1]) {
        out.push(vowel_class(chars[end - 1]));
    }
    out
}

/// Two normalized words are one name: same skeleton, vowels close enough.
fn same_word(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    if skeleton(a) != skeleton(b) {
        return false;
    }
    let short = a.chars().count().min(b.chars().count()) < 4;
    let allowed = if short { 0 } else { 1 };
    vowel_distance(a, b) <= allowed
}

/// Edit distance where swapping vowels of one class is free.
fn vowel_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let same = ca == cb || (is_vowel(ca) && is_vowel(cb) && vowel_class(ca) == vowel_class(cb));
            let substitute = previous[j] + usize::from(!same);
            current[j + 1] = substitute.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(name_key("Sergey Lavrov"), "srgi lvrv");
        assert_eq!(name_key("Mr Lavrov’s"), "lvrv");
        assert_eq!(name_key("Kim Jong-un"), name_key("Kim Jong Un"));
        assert_eq!(name_key(""), "");
    }

    #[test]
    fn vowel_classes_are_free() {
        assert_eq!(vowel_distance("son", "sun"), 0);
        assert_eq!(vowel_distance("kim", "kam"), 1);
        assert_eq!(vowel_distance("martin", "morton"), 2);
    }
}
