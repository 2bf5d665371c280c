//! Sender identity: whether two rows name the same person, decided in one place.
//!
//! Takes a profile URL and a display name as written anywhere (a canonical file, Invitations.csv,
//! Connections.csv, messages.csv, a sender register); gives a **profile key** and a **name key**,
//! and `SenderKey::same_sender`, the one rule every matcher follows: a profile key, when both
//! sides have one, decides; otherwise the name keys do. Dedup, the LinkedIn joins, `--senders`
//! and the sender register all call this module, so `https://uk.linkedin.com/in/Ann-Smith/en`
//! in one file and `linkedin.com/in/ann-smith` in another are one sender everywhere or nowhere.
//!
//! Never reads the tagging rules: keys are stored in registers and compared across months, so
//! they must not change when a user edits `--rules`.

use std::collections::HashMap;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Titles written before a name, dropped from name keys ("Dr Ann Lee" is "Ann Lee").
const HONORIFICS: &[&str] = &[
    "dr",
    "dra",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "prof",
    "professor",
    "sir",
    "dame",
    "rev",
    "revd",
    "herr",
    "frau",
    "mme",
    "mlle",
    "sra",
    "srta",
];

/// Post-nominal credentials written after a comma ("Ann Lee, MBA, CIPD"). Only these are
/// dropped: "SMITH, JOHN" is a surname and a first name, not a credential.
const CREDENTIALS: &[&str] = &[
    "phd",
    "msc",
    "bsc",
    "ma",
    "ba",
    "mba",
    "emba",
    "llb",
    "llm",
    "meng",
    "beng",
    "mphil",
    "dphil",
    "jd",
    "md",
    "cpa",
    "cfa",
    "pmp",
    "cipd",
    "mcipd",
    "fcipd",
    "assoc",
    "chartered",
    "frsa",
    "ceng",
    "acca",
    "fcca",
    "cima",
    "aca",
    "fca",
    "shrm",
    "cp",
    "scp",
    "sphr",
    "phr",
    "gphr",
    "chrp",
    "rn",
    "cissp",
    "csm",
    "psm",
    "itil",
    "prince2",
    "cipp",
    "cmgr",
    "fcmi",
    "mcmi",
    "pgce",
    "mrec",
    "frec",
    "aprec",
    "cert",
    "rec",
    "cpc",
    "ccp",
    "dip",
    "hons",
    "mres",
    "mpa",
    "mph",
    "dba",
    "edd",
];

/// The profile key of a URL, or `None` when it is empty.
///
/// Scheme, `www.`, `m.` and country hosts (`uk.`, `de.`, `br.`…) are one site; the host is
/// case-folded; `/in/<slug>` and legacy `/pub/<name>/<a>/<b>/<c>` are kept, percent-decoded and
/// case-folded; query, fragment, trailing `/` and a trailing locale segment (`/en`, `/pt-br`)
/// are dropped. Other LinkedIn paths, and other sites' URLs, keep their path and query, which
/// may be the only thing naming the person (`/profile/view?id=…`): better two keys for one
/// person than one key for two.
pub fn profile_key(url: &str) -> Option<String> {
    // A key is never longer than its URL, but for the rare one percent-decoded to wider
    // lower-case letters.
    let mut key = String::with_capacity(url.len());
    write_profile_key(url, &mut String::with_capacity(url.len()), &mut key).then_some(key)
}

/// `profile_key` written into `key`, with `folded` for the URL case-folded: true when there is a
/// key. A caller that works out many keys passes the same two buffers each time, so that a key
/// costs no allocation.
pub fn write_profile_key(url: &str, folded: &mut String, key: &mut String) -> bool {
    key.clear();
    let url = url.trim();
    if url.is_empty() {
        return false;
    }
    folded.clear();
    if url.is_ascii() && !url.contains('%') {
        folded.push_str(url);
        folded.make_ascii_lowercase();
    } else {
        folded.push_str(
            &percent_encoding::percent_decode_str(url)
                .decode_utf8_lossy()
                .to_lowercase(),
        );
    }
    // Byte searches, as quick as the separators are ASCII (which never occurs inside another
    // character in UTF-8).
    let folded = folded.as_str();
    let rest =
        memchr::memmem::find(folded.as_bytes(), b"://").map_or(folded, |at| &folded[at + 3..]);
    let (address, query) = match memchr::memchr2(b'?', b'#', rest.as_bytes()) {
        Some(at) => {
            let query = &rest[at + 1..];
            (
                &rest[..at],
                memchr::memchr(b'#', query.as_bytes()).map_or(query, |end| &query[..end]),
            )
        }
        None => (rest, ""),
    };
    let (host, path) = match memchr::memchr(b'/', address.as_bytes()) {
        Some(at) => (&address[..at], &address[at + 1..]),
        None => (address, ""),
    };
    let host = memchr::memchr(b':', host.as_bytes()).map_or(host, |at| &host[..at]);
    let segments = || path.split('/').filter(|s| !s.is_empty());
    let linkedin = host == "linkedin.com" || host.ends_with(".linkedin.com");
    if linkedin {
        let mut parts = segments();
        match (parts.next(), parts.next()) {
            (Some("in"), Some(slug)) => {
                key.push_str("linkedin.com/in/");
                key.push_str(slug);
            }
            (Some("pub"), Some(name)) => {
                // `/pub/ann-lee/12/a34/5b6`: the name and up to three short hex groups.
                key.push_str("linkedin.com/pub/");
                key.push_str(name);
                for id in parts.take(3).take_while(|id| is_pub_group(id)) {
                    key.push('/');
                    key.push_str(id);
                }
            }
            _ => {
                let segments: Vec<&str> = segments().collect();
                push_path(
                    key,
                    "linkedin.com",
                    without_locale(&segments).iter().copied(),
                );
                if !query.is_empty() {
                    key.push('?');
                    key.push_str(query);
                }
            }
        }
    } else {
        // Another site's paths and queries are its own: "/jo" is a person, not a locale.
        let host = host
            .strip_prefix("www.")
            .or_else(|| host.strip_prefix("m."))
            .unwrap_or(host);
        push_path(key, host, segments());
        if !query.is_empty() {
            key.push('?');
            key.push_str(query);
        }
    }
    !key.is_empty()
}

/// A legacy `/pub/` id group: one to three hex digits.
fn is_pub_group(segment: &str) -> bool {
    (1..=3).contains(&segment.len()) && segment.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The path without a last segment that is a locale (`en`, `fr`, `pt-br`, `zh_cn`).
fn without_locale<'a, 'b>(segments: &'b [&'a str]) -> &'b [&'a str] {
    let is_locale = |s: &str| {
        let b = s.as_bytes();
        let letters = |r: &[u8]| r.iter().all(u8::is_ascii_lowercase);
        match b.len() {
            2 => letters(b),
            5 => letters(&b[..2]) && matches!(b[2], b'-' | b'_') && letters(&b[3..]),
            _ => false,
        }
    };
    match segments.split_last() {
        Some((last, rest)) if is_locale(last) => rest,
        _ => segments,
    }
}

/// Appends `host` and the path `segments` to the empty `key`, `/` between each two.
fn push_path<'a>(key: &mut String, host: &str, segments: impl Iterator<Item = &'a str>) {
    key.push_str(host);
    for segment in segments {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str(segment);
    }
}

/// The name key of a display name, or `None` when nothing of a name is left.
///
/// NFKC-normalised and case-folded; emoji, punctuation and decorative symbols become spaces
/// (apostrophes vanish: `O'Neil` and `O’Neil` are `oneil`); whitespace collapsed; bracketed
/// asides (`(she/her)`), honorifics before the name (`Dr`, `Ms`…) and credentials after a
/// comma (`, MBA`, `, PhD`, `, CIPD`) dropped. `"Dr. Ann  Lee, PhD 🚀"` → `ann lee`.
pub fn name_key(name: &str) -> Option<String> {
    let normalised: String = if name.is_ascii() {
        name.to_string()
    } else {
        name.nfkc().collect()
    };
    let unbracketed = without_brackets(&normalised);
    let text = if unbracketed.trim().is_empty() {
        &normalised
    } else {
        &unbracketed
    };
    let text = without_credentials(text);
    let mut kept = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`' | '´') {
            continue;
        }
        kept.push(if c.is_alphanumeric() || is_combining_mark(c) {
            c
        } else {
            ' '
        });
    }
    // Whole-string lower-casing: a final Σ becomes ς, which needs the word's context.
    let folded = if kept.is_ascii() {
        kept.to_ascii_lowercase()
    } else {
        kept.to_lowercase()
    };
    let mut words: Vec<&str> = folded.split_whitespace().collect();
    // Only before a first name and a surname: "Mr Smith" and "Mrs Smith" stay two people.
    while words.len() > 2 && HONORIFICS.contains(&words[0]) {
        words.remove(0);
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// The text without `( … )` and `[ … ]` asides.
fn without_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The part before a comma when everything after it is credentials: "Ann Lee, MBA, CIPD" →
/// "Ann Lee"; "Smith, John" and "Garcia Lopez, Maria" stay whole.
fn without_credentials(text: &str) -> &str {
    let Some((before, after)) = text.split_once(',') else {
        return text;
    };
    let mut words = after
        .split([',', ' ', '/', '&', '(', ')'])
        .map(|w| w.trim_matches('.').replace('.', "").to_lowercase())
        .filter(|w| !w.is_empty())
        .peekable();
    let credentials = words.peek().is_some() && words.all(|w| CREDENTIALS.contains(&w.as_str()));
    if credentials && !before.trim().is_empty() {
        before
    } else {
        text
    }
}

/// Who a sender is, as far as one row can tell: its profile key and its name key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct SenderKey {
    pub profile: Option<String>,
    pub name: Option<String>,
}

impl SenderKey {
    pub fn new(name: &str, profile_url: &str) -> SenderKey {
        SenderKey {
            profile: profile_key(profile_url),
            name: name_key(name),
        }
    }

    /// Neither a URL nor a name: nobody can be matched by it.
    pub fn is_empty(&self) -> bool {
        self.profile.is_none() && self.name.is_none()
    }

    /// The one matching rule: profile keys decide when both sides have one; else names.
    pub fn same_sender(&self, other: &SenderKey) -> bool {
        match (&self.profile, &other.profile) {
            (Some(a), Some(b)) => a == b,
            _ => self.name.is_some() && self.name == other.name,
        }
    }

    /// One string naming the sender, for derived ids: `url:<profile key>`, else `name:<name key>`.
    pub fn id_text(&self) -> String {
        match (&self.profile, &self.name) {
            (Some(url), _) => format!("url:{url}"),
            (None, name) => format!("name:{}", name.as_deref().unwrap_or("")),
        }
    }
}

/// Values looked up by sender with `SenderKey::same_sender`, without comparing every pair.
#[derive(Debug, Clone)]
pub struct IdentityIndex<T> {
    entries: Vec<(SenderKey, T)>,
    by_profile: HashMap<String, usize>,
    by_name: HashMap<String, Vec<usize>>,
}

impl<T> Default for IdentityIndex<T> {
    fn default() -> Self {
        IdentityIndex {
            entries: Vec::new(),
            by_profile: HashMap::new(),
            by_name: HashMap::new(),
        }
    }
}

impl<T> IdentityIndex<T> {
    /// The place of the entry that is the same sender as `key`: by profile key, else by name
    /// key. A key with a URL matches by name only an entry without one (two URLs are two
    /// people); a key without a URL matches an entry without one first, else the one entry of
    /// that name, and none when several people with URLs share the name (it cannot tell which).
    pub fn position(&self, key: &SenderKey) -> Option<usize> {
        if let Some(profile) = &key.profile {
            if let Some(&i) = self.by_profile.get(profile) {
                return Some(i);
            }
        }
        let name = key.name.as_ref()?;
        let same_name = self.by_name.get(name)?;
        let without_url = same_name
            .iter()
            .copied()
            .find(|&i| self.entries[i].0.profile.is_none());
        match (&key.profile, without_url) {
            (_, Some(i)) => Some(i),
            (Some(_), None) => None,
            (None, None) => match same_name.as_slice() {
                [only] => Some(*only),
                _ => None,
            },
        }
    }

    pub fn get(&self, key: &SenderKey) -> Option<&T> {
        self.position(key).map(|i| &self.entries[i].1)
    }

    /// Adds `value` under `key` unless the same sender is there already: then returns the
    /// existing entry's place and leaves the index unchanged. A key with a URL is the same
    /// sender only as an entry with that URL (a row that names the URL is more precise than an
    /// earlier name-only row); a key without one, as an entry of that name. An empty key is
    /// never added.
    pub fn insert(&mut self, key: SenderKey, value: T) -> Result<usize, Option<usize>> {
        if key.is_empty() {
            return Err(None);
        }
        let existing = match (&key.profile, &key.name) {
            (Some(profile), _) => self.by_profile.get(profile).copied(),
            (None, Some(name)) => self.by_name.get(name).and_then(|v| v.first().copied()),
            (None, None) => None,
        };
        if let Some(i) = existing {
            return Err(Some(i));
        }
        let i = self.entries.len();
        if let Some(profile) = &key.profile {
            self.by_profile.insert(profile.clone(), i);
        }
        if let Some(name) = &key.name {
            self.by_name.entry(name.clone()).or_default().push(i);
        }
        self.entries.push((key, value));
        Ok(i)
    }

    /// Adds `value` under `key` as a sender of its own, even where `insert` would find an
    /// existing one (a name-only key that several people with URLs share).
    pub fn push(&mut self, key: SenderKey, value: T) -> usize {
        let i = self.entries.len();
        if let Some(profile) = &key.profile {
            self.by_profile.entry(profile.clone()).or_insert(i);
        }
        if let Some(name) = &key.name {
            self.by_name.entry(name.clone()).or_default().push(i);
        }
        self.entries.push((key, value));
        i
    }

    /// Fills in a profile key learnt later for entry `i` (a name-only row whose sender turned
    /// up with a URL), so later lookups by that URL find it.
    pub fn add_profile(&mut self, i: usize, profile: &str) {
        if self.entries[i].0.profile.is_none() && !self.by_profile.contains_key(profile) {
            self.entries[i].0.profile = Some(profile.to_string());
            self.by_profile.insert(profile.to_string(), i);
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn entry(&self, i: usize) -> (&SenderKey, &T) {
        let (key, value) = &self.entries[i];
        (key, value)
    }

    pub fn entry_mut(&mut self, i: usize) -> &mut T {
        &mut self.entries[i].1
    }

    pub fn iter(&self) -> impl Iterator<Item = (&SenderKey, &T)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub fn into_values(self) -> impl Iterator<Item = T> {
        self.entries.into_iter().map(|(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_urls_written_differently_are_one_key() {
        let ann = Some("linkedin.com/in/ann-smith".to_string());
        for url in [
            "https://www.linkedin.com/in/ann-smith",
            "https://uk.linkedin.com/in/Ann-Smith/?trk=x",
            "http://m.linkedin.com/in/ann-smith",
            "https://de.linkedin.com/in/ann-smith/en",
            "https://br.linkedin.com/in/ann-smith/pt-br/",
            "linkedin.com/in/ann-smith",
            "LinkedIn.com/in/ANN-SMITH#experience",
            "  https://www.linkedin.com/in/%61nn-smith/  ",
            "https://www.linkedin.com:443/in/ann-smith/details/experience/",
        ] {
            assert_eq!(profile_key(url), ann, "{url}");
        }
    }

    #[test]
    fn slugs_are_percent_decoded_and_case_folded() {
        assert_eq!(
            profile_key("https://www.linkedin.com/in/J%C3%BCrgen-%F0%9F%9A%80/"),
            Some("linkedin.com/in/jürgen-🚀".to_string())
        );
        assert_eq!(
            profile_key("https://www.linkedin.com/in/Zo%C3%AB-M"),
            profile_key("linkedin.com/in/zoë-m")
        );
        assert_eq!(profile_key("100%"), Some("100%".to_string()));
    }

    /// `profile_key` as first written, before it worked in caller's buffers: the reference
    /// the quicker one must agree with.
    fn first_profile_key(url: &str) -> Option<String> {
        let url = url.trim();
        if url.is_empty() {
            return None;
        }
        let decoded = if url.is_ascii() && !url.contains('%') {
            url.to_ascii_lowercase()
        } else {
            percent_encoding::percent_decode_str(url)
                .decode_utf8_lossy()
                .to_lowercase()
        };
        let rest = decoded
            .split_once("://")
            .map_or(decoded.as_str(), |(_, rest)| rest);
        let (address, query) = match rest.find(['?', '#']) {
            Some(at) => (&rest[..at], rest[at + 1..].split('#').next().unwrap_or("")),
            None => (rest, ""),
        };
        let (host, path) = address.split_once('/').unwrap_or((address, ""));
        let host = host.split(':').next().unwrap_or(host);
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let linkedin = host == "linkedin.com" || host.ends_with(".linkedin.com");
        let key = if linkedin {
            match segments.as_slice() {
                ["in", slug, ..] => format!("linkedin.com/in/{slug}"),
                ["pub", name, ids @ ..] => {
                    // `/pub/ann-lee/12/a34/5b6`: the name and up to three short hex groups.
                    let mut key = format!("linkedin.com/pub/{name}");
                    for id in ids.iter().take(3).take_while(|id| is_pub_group(id)) {
                        key.push('/');
                        key.push_str(id);
                    }
                    key
                }
                _ => {
                    let mut key = first_join_path("linkedin.com", without_locale(&segments));
                    if !query.is_empty() {
                        key.push('?');
                        key.push_str(query);
                    }
                    key
                }
            }
        } else {
            // Another site's paths and queries are its own: "/jo" is a person, not a locale.
            let host = host
                .strip_prefix("www.")
                .or_else(|| host.strip_prefix("m."))
                .unwrap_or(host);
            let mut key = first_join_path(host, &segments);
            if !query.is_empty() {
                key.push('?');
                key.push_str(query);
            }
            key
        };
        (!key.is_empty()).then_some(key)
    }
    fn first_join_path(host: &str, segments: &[&str]) -> String {
        let mut key = host.to_string();
        for segment in segments {
            if !key.is_empty() {
                key.push('/');
            }
            key.push_str(segment);
        }
        key
    }

    #[test]
    fn profile_keys_agree_with_the_first_way_of_working_them_out() {
        let schemes = [
            "",
            "http://",
            "https://",
            "HTTPS://",
            "ftp://",
            "://",
            " https://",
        ];
        let hosts = [
            "www.linkedin.com",
            "uk.linkedin.com",
            "LinkedIn.com",
            "m.linkedin.com",
            "linkedin.com:443",
            "evil-linkedin.com",
            "www.example.com",
            "m.site.org",
            "example.com:8080",
            "",
        ];
        let paths = [
            "",
            "/",
            "/in/ann",
            "/in/Ann-Smith/en/",
            "/in/",
            "//in//ann//x",
            "/pub/ann-lee/12/a34/5b6/en",
            "/pub/x/1234/ab",
            "/pub/x/12/zz/1",
            "/pub/x",
            "/profile/view",
            "/company/x/pt-br",
            "/jo/fr",
            "/in/J%C3%BCrgen-%F0%9F%9A%80/",
            "/in/zoë-%zz",
            "/a:b/c",
        ];
        let queries = [
            "",
            "?trk=x",
            "?id=1#frag",
            "#experience",
            "?",
            "#",
            "?a#b?c",
            "/?x=1 ",
        ];
        let mut cases = 0;
        let (mut folded, mut key) = (String::new(), String::new());
        for scheme in schemes {
            for host in hosts {
                for path in paths {
                    for query in queries {
                        let url = format!("{scheme}{host}{path}{query}");
                        let want = first_profile_key(&url);
                        assert_eq!(profile_key(&url), want, "{url:?}");
                        let found = write_profile_key(&url, &mut folded, &mut key);
                        assert_eq!(found.then(|| key.clone()), want, "{url:?}");
                        cases += 1;
                    }
                }
            }
        }
        assert!(cases > 5000);
    }

    proptest::proptest! {
        #[test]
        fn profile_keys_of_any_text_agree_with_the_first_way(
            url in "(https?://)?[a-zA-Z.:/?#%éΣ 0-9-]{0,40}"
        ) {
            proptest::prop_assert_eq!(profile_key(&url), first_profile_key(&url));
        }
    }

    #[test]
    fn legacy_and_other_paths_keep_what_names_the_person() {
        assert_eq!(
            profile_key("http://uk.linkedin.com/pub/ann-lee/12/a34/5b6/en"),
            Some("linkedin.com/pub/ann-lee/12/a34/5b6".to_string())
        );
        let a = profile_key("https://www.linkedin.com/profile/view?id=AAA1");
        let b = profile_key("https://www.linkedin.com/profile/view?id=BBB2");
        assert_ne!(a, b);
        assert_eq!(
            profile_key("https://www.example.com/people/ann/"),
            Some("example.com/people/ann".to_string())
        );
        // Another site's short path or query is a person, not a locale.
        assert_ne!(
            profile_key("https://github.com/jo"),
            profile_key("https://github.com/al")
        );
        assert_ne!(
            profile_key("https://crm.example.com/contacts?id=1"),
            profile_key("https://crm.example.com/contacts?id=2")
        );
        assert_eq!(profile_key("  "), None);
        assert_ne!(
            profile_key("linkedin.com/in/ann-1"),
            profile_key("linkedin.com/in/ann-2")
        );
    }

    #[test]
    fn names_written_differently_are_one_key() {
        let ann = Some("ann lee".to_string());
        for name in [
            "Ann Lee",
            "  ANN   LEE ",
            "Ann Lee 🚀",
            "✨ Ann Lee ✨",
            "Dr Ann Lee",
            "Dr. Ann Lee",
            "Ms. Ann Lee",
            "Prof. Dr. Ann Lee",
            "Ann Lee, MBA",
            "Ann Lee, PhD",
            "Ann Lee, MBA, CIPD",
            "Ann Lee, Chartered MCIPD",
            "Ann Lee, M.Sc.",
            "Ann Lee (she/her)",
            "Ａｎｎ Ｌｅｅ",
            "Ann\u{00a0}Lee",
            "Ann\tLee",
        ] {
            assert_eq!(name_key(name), ann, "{name:?}");
        }
    }

    #[test]
    fn names_keep_what_tells_people_apart() {
        // NFKC composes a decomposed ë, so both spellings agree.
        assert_eq!(name_key("Zoe\u{0308} Müller"), name_key("Zoë Müller"));
        assert_eq!(name_key("Zoë Müller"), Some("zoë müller".to_string()));
        assert_eq!(
            name_key("Tom \"TJ\" O'Neil"),
            Some("tom tj oneil".to_string())
        );
        assert_eq!(name_key("Tom O’Neil"), name_key("Tom O'Neil"));
        assert_eq!(name_key("Mary-Jane Fox"), Some("mary jane fox".to_string()));
        assert_eq!(name_key("Lee, Ann"), Some("lee ann".to_string()));
        assert_eq!(name_key("Lee, MBA"), Some("lee".to_string()));
        // A surname first is not a credential, in capitals or not.
        assert_ne!(name_key("SMITH, JOHN"), name_key("SMITH, MARY"));
        assert_ne!(
            name_key("Garcia Lopez, Maria"),
            name_key("Garcia Lopez, Juan")
        );
        assert_ne!(name_key("John Smith, Jr."), name_key("John Smith, Sr."));
        // A title alone before one name is kept: "Mr Smith" and "Mrs Smith" are two people.
        assert_eq!(name_key("Ms Lee"), Some("ms lee".to_string()));
        assert_ne!(name_key("Mr. Smith"), name_key("Mrs. Smith"));
        assert_eq!(name_key("ΟΔΥΣΣΕΥΣ"), Some("οδυσσευς".to_string()));
        assert_eq!(name_key("🚀"), None);
        assert_eq!(name_key("  "), None);
    }

    #[test]
    fn a_profile_key_decides_when_both_sides_have_one() {
        let ann_url = SenderKey::new("Ann Lee", "linkedin.com/in/ann-lee-1");
        let other_ann = SenderKey::new("Ann Lee", "linkedin.com/in/ann-lee-2");
        let ann_name = SenderKey::new("ANN  LEE", "");
        let renamed = SenderKey::new("Ann Lee-Fox", "https://uk.linkedin.com/in/Ann-Lee-1/");
        assert!(ann_url.same_sender(&renamed));
        assert!(!ann_url.same_sender(&other_ann));
        assert!(ann_url.same_sender(&ann_name));
        assert!(!SenderKey::default().same_sender(&SenderKey::default()));

        let mut index = IdentityIndex::default();
        assert_eq!(index.insert(ann_url.clone(), 1), Ok(0));
        assert_eq!(index.insert(other_ann.clone(), 2), Ok(1));
        assert_eq!(index.insert(renamed, 3), Err(Some(0)));
        assert_eq!(index.get(&other_ann), Some(&2));
        assert_eq!(index.insert(SenderKey::default(), 4), Err(None));
        assert_eq!(
            index.get(&SenderKey::new("Bob", "linkedin.com/in/bob")),
            None
        );
    }
}
