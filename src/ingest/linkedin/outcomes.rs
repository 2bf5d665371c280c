//! Acceptance and replies (docs/inputs.md), derived from who the owner connected with and
//! wrote to.
//!
//! Matching is by profile URL when both sides have one, else by normalised full name; a URL
//! that differs tells two people of the same name apart. Nothing here reads a file.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

use super::files::{Connection, Message};

/// Who sent an invitation, as the matchers compare it.
#[derive(Debug, Clone, Copy)]
pub struct Person<'a> {
    pub name_key: &'a str,
    pub url_key: Option<&'a str>,
}

/// `Connections.csv`, indexed by URL and by name.
#[derive(Debug, Default)]
pub struct Connections {
    list: Vec<Connection>,
    by_url: HashMap<String, Vec<usize>>,
    by_name: HashMap<String, Vec<usize>>,
}

impl Connections {
    pub fn new(list: Vec<Connection>) -> Connections {
        let mut by_url: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, c) in list.iter().enumerate() {
            if let Some(url) = &c.url_key {
                by_url.entry(url.clone()).or_default().push(i);
            }
            if !c.name_key.is_empty() {
                by_name.entry(c.name_key.clone()).or_default().push(i);
            }
        }
        Connections {
            list,
            by_url,
            by_name,
        }
    }

    /// When the invitation was accepted: the sender's earliest connection dated no earlier
    /// than the day before the UTC day it was sent (the one day of tolerance absorbs time
    /// zones). `Connected On` is a bare date, so the instant is never put before arrival.
    pub fn accepted_at(
        &self,
        sender: Person<'_>,
        received_at: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let earliest_day = received_at.date_naive() - Duration::days(1);
        let by_name = self.by_name.get(sender.name_key).into_iter().flatten();
        let candidates: Vec<&Connection> = match sender.url_key {
            Some(url) => {
                let by_url = self.by_url.get(url).into_iter().flatten();
                // A same-named connection with a different URL is somebody else.
                by_url
                    .chain(by_name.filter(|&&i| self.list[i].url_key.is_none()))
                    .map(|&i| &self.list[i])
                    .collect()
            }
            None => by_name.map(|&i| &self.list[i]).collect(),
        };
        candidates
            .into_iter()
            .filter(|c| c.day >= earliest_day)
            .map(|c| c.at)
            .min()
            .map(|at| at.max(received_at))
    }
}

/// The owner's messages that can be replies, indexed by recipient.
#[derive(Debug, Default)]
pub struct Replies {
    by_url: HashMap<String, Vec<DateTime<Utc>>>,
    by_name: HashMap<String, Vec<DateTime<Utc>>>,
    /// Recipient names of messages that also carry recipient URLs (used only for senders
    /// without a URL).
    by_name_with_url: HashMap<String, Vec<DateTime<Utc>>>,
    window: Duration,
}

impl Replies {
    /// Keeps the messages the owner sent (not drafts, with content or an attachment).
    pub fn new(messages: &[Message], owner: Person<'_>, window: Duration) -> Replies {
        let mut replies = Replies {
            window,
            ..Replies::default()
        };
        for m in messages {
            if m.draft || !m.has_body || !from_owner(m, owner) {
                continue;
            }
            for url in &m.to_url_keys {
                replies.by_url.entry(url.clone()).or_default().push(m.at);
            }
            let names = if m.to_url_keys.is_empty() {
                &mut replies.by_name
            } else {
                &mut replies.by_name_with_url
            };
            for name in &m.to_name_keys {
                names.entry(name.clone()).or_default().push(m.at);
            }
        }
        for times in replies
            .by_url
            .values_mut()
            .chain(replies.by_name.values_mut())
            .chain(replies.by_name_with_url.values_mut())
        {
            times.sort();
        }
        replies
    }

    /// The owner's first message to the sender at or after arrival and within the window.
    pub fn first_reply(
        &self,
        sender: Person<'_>,
        received_at: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let end = received_at + self.window;
        let first_in = |times: Option<&Vec<DateTime<Utc>>>| {
            times.and_then(|t| {
                let start = t.partition_point(|&x| x < received_at);
                t.get(start).copied().filter(|&x| x <= end)
            })
        };
        let mut found = vec![first_in(self.by_name.get(sender.name_key))];
        match sender.url_key {
            Some(url) => found.push(first_in(self.by_url.get(url))),
            None => found.push(first_in(self.by_name_with_url.get(sender.name_key))),
        }
        found.into_iter().flatten().min()
    }
}

/// Whether the owner wrote `m`: 2018's `Direction` says so; later files by sender URL when
/// both sides have one, else by name.
fn from_owner(m: &Message, owner: Person<'_>) -> bool {
    if let Some(outgoing) = m.outgoing {
        return outgoing;
    }
    match (owner.url_key, m.from_url_key.as_deref()) {
        (Some(owner), Some(from)) => owner == from,
        _ => !owner.name_key.is_empty() && owner.name_key == m.from_name_key,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, d, h, 0, 0).unwrap()
    }

    fn connection(name: &str, url: Option<&str>, day: u32) -> Connection {
        Connection {
            name_key: name.into(),
            url_key: url.map(str::to_string),
            day: at(day, 0).date_naive(),
            at: at(day, 0),
            position: String::new(),
            company: String::new(),
        }
    }

    #[test]
    fn acceptance_needs_a_connection_from_the_day_before_sending_on() {
        let c = Connections::new(vec![
            connection("ann lee", None, 9),
            connection("bob roe", None, 3),
        ]);
        let ann = Person {
            name_key: "ann lee",
            url_key: None,
        };
        // Sent late on the 10th: the 9th is within the day of tolerance; accepted_at is never
        // before arrival.
        assert_eq!(c.accepted_at(ann, at(10, 23)), Some(at(10, 23)));
        assert_eq!(c.accepted_at(ann, at(11, 1)), None);
        let bob = Person {
            name_key: "bob roe",
            url_key: None,
        };
        assert_eq!(c.accepted_at(bob, at(1, 9)), Some(at(3, 0)));
    }

    #[test]
    fn a_different_url_is_a_different_person() {
        let c = Connections::new(vec![connection(
            "ann lee",
            Some("linkedin.com/in/ann-2"),
            9,
        )]);
        let ann = |url| Person {
            name_key: "ann lee",
            url_key: url,
        };
        assert_eq!(
            c.accepted_at(ann(Some("linkedin.com/in/ann-1")), at(8, 9)),
            None
        );
        assert!(c
            .accepted_at(ann(Some("linkedin.com/in/ann-2")), at(8, 9))
            .is_some());
        // Without a URL on the invitation, the name decides.
        assert!(c.accepted_at(ann(None), at(8, 9)).is_some());
    }

    fn message(from: &str, to: &str, day: u32, body: bool) -> Message {
        Message {
            from_name_key: from.into(),
            from_url_key: None,
            outgoing: None,
            to_name_keys: vec![to.into()],
            to_url_keys: vec![],
            at: at(day, 12),
            has_body: body,
            draft: false,
        }
    }

    #[test]
    fn a_reply_is_the_owners_first_message_inside_the_window() {
        let owner = Person {
            name_key: "me",
            url_key: None,
        };
        let ann = Person {
            name_key: "ann lee",
            url_key: None,
        };
        let messages = [
            message("ann lee", "me", 2, true), // the accepted note: the sender's, not a reply
            message("me", "ann lee", 1, true), // before the invitation
            message("me", "ann lee", 3, false), // empty
            message("me", "ann lee", 5, true),
        ];
        let r = Replies::new(&messages, owner, Duration::days(30));
        assert_eq!(r.first_reply(ann, at(2, 9)), Some(at(5, 12)));
        let short = Replies::new(&messages, owner, Duration::days(2));
        assert_eq!(short.first_reply(ann, at(2, 9)), None);
    }
}
