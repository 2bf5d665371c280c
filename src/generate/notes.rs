//! What senders write: canned texts, templates and personal notes, and each sender's persona.

use super::*;

/// LinkedIn's canned invitation texts (what is sent when nobody writes anything).
pub(super) const CANNED: &[&str] = &[
    "I'd like to join your LinkedIn network.",
    "I'd like to add you to my professional network on LinkedIn.",
    "I'd like to connect with you on LinkedIn.",
];

/// Greetings; `{first}` is the recipient's first name.
pub(super) const GREETINGS: &[&str] = &[
    "Hi {first},",
    "Hello {first},",
    "Hi {first}!",
    "Hey {first},",
    "Dear {first},",
    "{first},",
    "Hi {first} 👋",
    "Good morning {first},",
    "Hi there,",
    "Hello,",
    "Hi {first}, hope you're well.",
    "Hi {first}, hope your week's going well!",
];

/// Sign-offs; `{me}` is the sender's first name, `{fullme}` their full name.
pub(super) const SIGNOFFS: &[&str] = &[
    "Kind regards, {me}",
    "Best, {me}",
    "Thanks, {me}",
    "Many thanks, {me}",
    "Cheers, {me}",
    "Best wishes, {me}",
    "Regards, {fullme}",
    "Thank you, {me}",
    "All the best, {me}",
    "- {me}",
    "Speak soon, {me}",
    "Warm regards, {fullme}",
];

/// Specific references to the recipient: the heart of a personalised note.
pub(super) const HOOKS: &[&str] = &[
    "I really enjoyed your post about {post}.",
    "Your recent post on {post} was spot on.",
    "Loved your take on {post} the other day.",
    "Saw your post about {post} – couldn't agree more.",
    "Read your post on {post}. Not sure I agree, but it got me thinking.",
    "Great to hear you speak at {event} last week.",
    "I was in the audience for your talk at {event} – really useful.",
    "We briefly met at {event} but didn't get a chance to swap details.",
    "Thanks for the chat at {event}!",
    "I noticed we both worked at {former} – small world!",
    "Another ex-{former} here – I joined a few years after you by the look of it.",
    "I see we both studied at {school}.",
    "Fellow graduate of {school} here!",
    "{mutual} suggested I get in touch with you.",
    "{mutual} mentioned you're the person to speak to about {rspec} hiring.",
    "I was chatting with {mutual} last week, who speaks very highly of you.",
    "I see you specialise in {rspec} recruitment and have been at {rcompany} a while now.",
];

/// Per-category phrases. Placeholders: the sender's `{title}`, `{a_title}` ("a"/"an" + title),
/// `{org}`, `{topic}`, `{detail}`, `{city}`, `{years}`, `{me}`; the recipient's `{first}`,
/// `{rcompany}`, `{rspec}`, `{hiring}` (a role their team is recruiting).
pub(super) struct Phrases {
    pub(super) intros: &'static [&'static str],
    pub(super) reasons: &'static [&'static str],
    pub(super) values: &'static [&'static str],
    /// Hooks about the recipient's live vacancies, written from this category's angle.
    pub(super) hiring_hooks: &'static [&'static str],
    /// Whole mass-sent notes, most popular first.
    pub(super) templates: &'static [&'static str],
}

pub(super) const CONSULTANT_PHRASES: Phrases = Phrases {
    intros: &[
        "I'm {me}, {a_title} at {org} specialising in {topic}.",
        "I'm {a_title} with {org}, covering {topic} roles across {city}.",
        "{me} here from {org} – I recruit {topic} roles.",
        "My name is {me} and I head up the {topic} desk at {org}.",
        "I work in {topic} recruitment at {org}.",
        "I've been recruiting {topic} in {city} for {years} years, currently at {org}.",
    ],
    reasons: &[
        "I'm always keen to connect with other recruiters in the {rspec} space.",
        "I'm expanding my network with talent professionals in London.",
        "I'm currently working on a few {topic} roles and thought it would be worth connecting.",
        "I'm speaking to a small number of experienced recruiters about a confidential Principal Consultant opportunity.",
        "I have a couple of candidates who might suit your clients.",
        "We seem to cross paths on the same searches, so it made sense to connect.",
        "I'm building a network of recruiters open to split-fee deals.",
        "I'd love to hear how the {rspec} market is looking from your side.",
    ],
    values: &[
        "Happy to share market insight or salary data whenever it's useful.",
        "If you ever need a second pair of hands on a tricky search, I'm happy to split.",
        "I'm glad to refer any candidates outside my remit your way.",
        "Happy to send over our latest salary guide if it helps.",
        "I can share a few CVs on a no-obligation basis.",
    ],
    hiring_hooks: &[
        "I saw your team is recruiting a {hiring} – I've placed a few of those recently.",
        "Noticed you're working on a {hiring} search, which overlaps with my desk.",
        "I see {rcompany} is looking for a {hiring}; I may know someone worth a look.",
    ],
    templates: &[
        "Hi {first}, I'm expanding my network of talent professionals and would love to connect. Best, {me}",
        "Hi {first}, hope you're well! Always keen to connect with like-minded recruiters. Let's connect!",
        "Hi {first}, I came across your profile and was really impressed by your background. I'm working on some exciting opportunities that might be of interest. Let's connect!",
        "Hello {first}, I'm currently working on a number of exciting roles and I'd love to connect and see if we can help each other. Kind regards, {me}",
        "{first} – I recruit for recruiters. If you've ever wondered what you're worth on the market, I'd be happy to have a confidential chat.",
        "Hi {first}, I'm speaking to top billers at agencies like {rcompany} about some exciting moves. Open to a confidential chat? Thanks, {me}",
        "Hi {first}, I'd love to connect and share some of the fantastic opportunities I'm working on. Speak soon!",
    ],
};

pub(super) const IN_HOUSE_PHRASES: Phrases = Phrases {
    intros: &[
        "I'm {me}, {title} at {org}.",
        "I look after {topic} hiring at {org}.",
        "I lead talent acquisition for the {topic} function at {org}.",
        "I'm part of the in-house talent team at {org}, focusing on {topic}.",
    ],
    reasons: &[
        "We're reviewing our preferred supplier list for {topic} hiring this year.",
        "We're growing our {topic} team and I'm connecting with specialist recruiters.",
        "I'm keen to connect with agency partners who know the {rspec} market.",
        "We have a few hard-to-fill {topic} roles coming up and may need support.",
        "I like to know the agencies in my space before I need them.",
    ],
    values: &[
        "Happy to share our current openings if any of your candidates fit.",
        "Let me know if you'd like to be considered for our PSL.",
        "Always happy to share what we're seeing on the in-house side.",
        "I can pass on any profiles that don't fit us but might suit your clients.",
    ],
    hiring_hooks: &[
        "I noticed you're working on {hiring} searches – we're hiring for similar profiles.",
        "I saw you're recruiting a {hiring}; we've just filled a similar role and learnt a lot.",
    ],
    templates: &[
        "Hi {first}, we're always looking to build relationships with quality agencies. Happy to connect!",
        "Hi {first}, I'm growing my network of recruitment partners ahead of a busy hiring year at {org}. Thanks, {me}",
        "Hello {first}, I'm connecting with recruiters who specialise in {rspec}. Please note we're not currently taking speculative CVs. Regards, {me}",
    ],
};

pub(super) const CANDIDATE_PHRASES: Phrases = Phrases {
    intros: &[
        "I'm {a_title} based in {city}.",
        "My name is {me} and I'm {a_title}.",
        "I'm {me}, {a_title} with a background in {topic}.",
        "I'm {a_title} with {years} years' experience ({detail}).",
        "I'm currently {a_title} looking to move on.",
    ],
    reasons: &[
        "I'm currently looking for my next role in {topic} and would love to be on your radar.",
        "I'm actively job hunting and would be grateful to connect.",
        "I'd really appreciate any advice on breaking into {topic}.",
        "I'm open to permanent or contract roles in {city} or remote.",
        "I noticed you recruit in my area and hoped we could connect.",
        "I'm looking for a new challenge and saw you recruit for {rspec} roles.",
    ],
    values: &[
        "I'd be happy to send over my CV if it's helpful.",
        "Happy to refer friends who are looking too.",
        "I'm available to start immediately.",
        "I'd be glad to help with anything I can in return.",
        "I can share my portfolio if that's useful.",
    ],
    hiring_hooks: &[
        "I saw you're recruiting for a {hiring} and I've just applied.",
        "I noticed your post about the {hiring} vacancy – I think my background is a strong match.",
        "I saw {rcompany} is hiring a {hiring}, which is exactly the kind of role I'm after.",
    ],
    templates: &[
        "Hi {first}, I am currently looking for new opportunities and would love to connect. I have attached my CV for your consideration.",
        "Dear {first}, I hope this message finds you well. I am actively seeking new opportunities in {topic} and would be grateful for any openings you may have. Thank you, {me}",
        "Hi {first}, I'm open to work and would appreciate connecting. Please let me know if you have any suitable roles.",
        "Hello {first}! Looking for roles in {topic}. Please keep me in mind 🙏",
        "Dear {first}, I am writing to express my interest in any suitable vacancies at {rcompany}. Kind regards, {fullme}",
        "Hi {first}, could you please help me find a job? I am ready to relocate and start immediately.",
    ],
};

pub(super) const SUPPLIER_PHRASES: Phrases = Phrases {
    intros: &[
        "I'm {me} from {org} – we work with over {years}0 recruitment agencies across the UK.",
        "I'm the {title} at {org}.",
        "I look after agency partnerships at {org}.",
        "{me} from {org} here, we do {topic} for recruitment firms.",
    ],
    reasons: &[
        "I'd love to show you how {org} helps agencies {detail}.",
        "We're working with several agencies like yours on {topic}.",
        "I'm reaching out to recruitment leaders who might benefit from better {topic}.",
        "I think {rcompany} could be a great fit for what we do.",
        "We've just launched something new in {topic} and I'd value your opinion.",
    ],
    values: &[
        "Happy to offer a free 14-day trial for your team.",
        "I can send over a short case study if useful.",
        "Happy to share our latest recruitment market report, no strings attached.",
        "Would you be open to a 15-minute demo next week?",
        "I'll happily set up a free pilot for one of your desks.",
    ],
    hiring_hooks: &[
        "I saw {rcompany} is hiring a {hiring} – congrats on the growth.",
        "Noticed your team is working on {hiring} roles at the moment.",
    ],
    templates: &[
        "Hi {first}, I help recruitment agencies like {rcompany} fill more roles with less admin. Open to a quick chat this week?",
        "Hi {first}, we've just launched an AI sourcing tool that's saving agencies 10+ hours a week. Would love to connect and show you.",
        "Hi {first}, quick one – are you the right person to speak to about {topic} at {rcompany}?",
        "Hey {first}, I'm connecting with recruitment leaders in London. No pitch, just networking 🙂",
        "Hi {first}, most agency owners I speak to are losing 20% of their placements to admin. Worth a chat? {me}",
    ],
};

pub(super) const PEER_PHRASES: Phrases = Phrases {
    intros: &[
        "I'm {title} at {org}.",
        "I run the {topic} team at {org}.",
        "I'm {me}, I work in {topic} at {org}.",
    ],
    reasons: &[
        "I'm always looking to grow my network with people in the talent space.",
        "I'm keen to connect with recruiters who understand the {topic} market.",
        "We may be hiring a few people later this year.",
        "It would be great to connect and swap notes on the market.",
        "Would be good to connect.",
    ],
    values: &[
        "Always happy to help with a reference or an intro.",
        "Glad to return the favour any time.",
        "Happy to share what we're seeing from the hiring side.",
    ],
    hiring_hooks: &[
        "I saw you're hiring a {hiring}; one of my former colleagues might be a fit.",
        "Noticed you're recruiting a {hiring} – I've hired a few myself and happy to compare notes.",
    ],
    templates: &[
        "Hi {first}, I'd love to add you to my network. Have a great week!",
        "Hi {first}, always good to connect with people in the industry. Best, {me}",
    ],
};

pub(super) const PHRASES: [&Phrases; 5] = [
    &CONSULTANT_PHRASES,
    &IN_HOUSE_PHRASES,
    &CANDIDATE_PHRASES,
    &SUPPLIER_PHRASES,
    &PEER_PHRASES,
];

/// Mail-merge placeholders left unfilled: what the recipient sees when the tool fails.
pub(super) const NAME_PLACEHOLDERS: &[&str] = &[
    "[Name]",
    "{{first_name}}",
    "[First Name]",
    "{FIRSTNAME}",
    "<<first name>>",
];
pub(super) const COMPANY_PLACEHOLDERS: &[&str] = &["{{company}}", "[Company]", "{{company_name}}"];

/// How a sender writes notes; fixed per sender so mass-senders repeat themselves.
#[derive(Debug, Clone)]
pub(super) struct NoteStyle {
    pub(super) level: Level,
    /// A mass template (index into the category's templates), for generic senders who use one.
    pub(super) template: Option<usize>,
    /// Small variation on a template: 0 as written, 1 "Hello" for "Hi", 2 a trailing smiley.
    pub(super) variant: u8,
    /// Unfilled mail-merge fields (name placeholder, maybe company placeholder), for some
    /// template users; the same sender's tool breaks the same way every time.
    pub(super) broken_merge: Option<(usize, Option<usize>)>,
    pub(super) canned: usize,
    pub(super) canned_greeting: bool,
    pub(super) greeting: usize,
    pub(super) intro: Option<usize>,
    pub(super) reason: Option<usize>,
    pub(super) value: Option<usize>,
    pub(super) signoff: Option<usize>,
    /// Whether the sender introduces themselves before the personal hook.
    pub(super) intro_first: bool,
    /// Whether the sign-off sits on its own line.
    pub(super) signoff_newline: bool,
}

impl NoteStyle {
    /// Rubric points the note will carry (0–4), for the outcome model; mass templates count as 1
    /// or 2 depending on whether they sign off.
    pub(super) fn courtesy(&self) -> u32 {
        match (self.level, self.template) {
            (Level::None | Level::Default, _) => 0,
            (_, Some(_)) => 1 + u32::from(self.signoff.is_some()),
            _ => [self.intro, self.reason, self.value, self.signoff]
                .iter()
                .map(|part| u32::from(part.is_some()))
                .sum(),
        }
    }
}

/// The sender's professional identity.
#[derive(Debug, Clone, Copy)]
pub(super) struct Persona {
    pub(super) title: &'static str,
    pub(super) org: &'static str,
    pub(super) topic: &'static str,
    pub(super) detail: &'static str,
    pub(super) city: &'static str,
    pub(super) years: u32,
}

/// Everything about one sender, derived from the seed and the sender id alone.
#[derive(Debug, Clone)]
pub(super) struct Sender {
    pub(super) id: u64,
    pub(super) category: Category,
    pub(super) first: &'static str,
    pub(super) full_name: String,
    pub(super) display_name: String,
    pub(super) profile_url: String,
    pub(super) headline: String,
    pub(super) company: &'static str,
    pub(super) persona: Persona,
    pub(super) style: NoteStyle,
    /// Team members in the order this sender invites them; only the first `reach` are used.
    pub(super) targets: [usize; 4],
    pub(super) reach: usize,
    /// Whether the invitations go out in one sitting (mass-sending) or days apart.
    pub(super) in_one_sitting: bool,
}

impl Sender {
    pub(super) fn new(seed: u64, id: u64, note_percent: u32) -> Sender {
        let mut rng = SplitMix64::derive(seed, Stream::Sender, id, 0);
        let category = CATEGORIES[rng.weighted(&CATEGORY_WEIGHTS)];
        let pool_weights: [u32; 8] = std::array::from_fn(|i| NAME_POOLS[i].weight);
        let pool = &NAME_POOLS[rng.weighted(&pool_weights)];
        let (first, last) = (rng.pick(pool.first), rng.pick(pool.last));
        let full_name = format!("{first} {last}");
        let url_key = SplitMix64::derive(seed, Stream::UrlKey, 0, 0).next_u64() as u32;
        let profile_url = format!(
            "https://www.linkedin.com/in/{}-{}-{:08x}",
            slug(first),
            slug(last),
            lowbias32(id as u32 ^ url_key)
        );
        let display_name = display_name(first, last, category, &mut rng);
        let (persona, headline_template, company) = persona(category, &mut rng);
        let headline = headline(headline_template, &persona, &mut rng);
        let style = note_style(category, note_percent, &mut rng);

        let mut targets = [0, 1, 2, 3];
        weighted_shuffle(&mut targets, &mut rng);
        let c = category as usize;
        let mut reach = rng.weighted(&REACH_WEIGHTS[c]) + 1;
        if style.template.is_some() && rng.chance(0.4) {
            reach = 4; // the whole point of a template is sending it to everyone
        }
        let in_one_sitting =
            style.template.is_some() || (style.level != Level::Personalised && rng.chance(0.4));
        Sender {
            id,
            category,
            first,
            full_name,
            display_name,
            profile_url,
            headline,
            company,
            persona,
            style,
            targets,
            reach,
            in_one_sitting,
        }
    }
}

/// Orders the team by repeated weighted draws, so the most-invited member is usually first.
pub(super) fn weighted_shuffle(targets: &mut [usize; 4], rng: &mut SplitMix64) {
    for slot in 0..targets.len() {
        let weights: Vec<u32> = targets[slot..].iter().map(|&t| TEAM_WEIGHTS[t]).collect();
        let chosen = slot + rng.weighted(&weights);
        targets.swap(slot, chosen);
    }
}

/// The name as shown: mostly plain, sometimes with post-nominals, emoji or odd capitalisation,
/// as people really set them.
pub(super) fn display_name(
    first: &str,
    last: &str,
    category: Category,
    rng: &mut SplitMix64,
) -> String {
    let roll = rng.below(100);
    match roll {
        0..=3 => {
            let letters: &[&str] = match category {
                Category::InHouse | Category::Peer => &["CIPD", "MBA", "Assoc CIPD", "ACA"],
                Category::Candidate => &["MSc", "BSc", "ACCA"],
                _ => &["MBA", "FIRP", "Cert RP"],
            };
            format!("{first} {last}, {}", rng.pick(letters))
        }
        4..=6 => format!(
            "{first} {last} {}",
            rng.pick(&["🚀", "🌍", "✨", "💼", "🔥"])
        ),
        7..=8 => format!("{first} {}.", last.chars().next().unwrap_or('X')),
        9 => format!("{first} {}", last.to_uppercase()),
        10 => format!("{first} {last}").to_lowercase(),
        11 if category == Category::Peer => format!("Dr {first} {last}"),
        _ => format!("{first} {last}"),
    }
}

/// Picks the sender's job, employer and headline templates; the company field is sometimes
/// empty (people who are between jobs, or who never filled it in).
pub(super) fn persona(
    category: Category,
    rng: &mut SplitMix64,
) -> (Persona, &'static str, &'static str) {
    let city = rng.pick(CITIES);
    let years = 2 + rng.below(14) as u32;
    let base = |title, org, topic, detail| Persona {
        title,
        org,
        topic,
        detail,
        city,
        years,
    };
    match category {
        Category::Consultant => {
            let p = base(
                rng.pick(CONSULTANT_TITLES),
                rng.pick(AGENCIES),
                rng.pick(SPECIALISMS),
                "",
            );
            let company = if rng.chance(0.92) { p.org } else { "" };
            (p, rng.pick(CONSULTANT_HEADLINES), company)
        }
        Category::InHouse => {
            let p = base(
                rng.pick(IN_HOUSE_TITLES),
                rng.pick(EMPLOYERS),
                rng.pick(HIRING_AREAS),
                "",
            );
            (p, rng.pick(IN_HOUSE_HEADLINES), p.org)
        }
        Category::Candidate if rng.chance(0.25) => {
            let (title, headline, topic, school) = rng.pick(STUDENTS);
            let p = base(title, school, topic, "");
            let company = if rng.chance(0.6) { school } else { "" };
            (p, headline, company)
        }
        Category::Candidate => {
            let (title, skills, field) = rng.pick(CANDIDATE_ROLES);
            let p = base(title, rng.pick(EMPLOYERS), field, skills);
            let company = if rng.chance(0.55) { p.org } else { "" };
            (p, rng.pick(CANDIDATE_HEADLINES), company)
        }
        Category::Supplier => {
            let (vendor, offer, benefit) = rng.pick(SUPPLIERS);
            let p = base(rng.pick(SUPPLIER_TITLES), vendor, offer, benefit);
            (p, rng.pick(SUPPLIER_HEADLINES), vendor)
        }
        Category::Peer => {
            let (title, field) = rng.pick(PEER_ROLES);
            let p = base(title, rng.pick(EMPLOYERS), field, "");
            let company = if rng.chance(0.95) { p.org } else { "" };
            (p, rng.pick(PEER_HEADLINES), company)
        }
    }
}

/// Fills a headline template, occasionally in lower case as some people write them.
pub(super) fn headline(template: &str, persona: &Persona, rng: &mut SplitMix64) -> String {
    let mut text = String::new();
    fill(template, &mut text, |key| persona_field(persona, key));
    if rng.chance(0.05) {
        text = text.to_lowercase();
    }
    text
}

pub(super) fn persona_field(p: &Persona, key: &str) -> Option<String> {
    Some(match key {
        "title" => p.title.to_string(),
        "a_title" => format!("{} {}", article(p.title), p.title),
        "org" => p.org.to_string(),
        "topic" => p.topic.to_string(),
        "detail" => p.detail.to_string(),
        "city" => p.city.to_string(),
        "years" => p.years.to_string(),
        _ => return None,
    })
}

/// "a" or "an" by sound: acronyms go by the letter's name ("an HR Advisor", "a UX Designer").
pub(super) fn article(word: &str) -> &'static str {
    let mut chars = word.chars();
    let (first, second) = (chars.next().unwrap_or('x'), chars.next().unwrap_or('x'));
    let vowel_sound = if first.is_ascii_uppercase() && second.is_ascii_uppercase() {
        "AEFHILMNORSX".contains(first)
    } else {
        "aeiouAEIOU".contains(first)
    };
    if vowel_sound {
        "an"
    } else {
        "a"
    }
}

/// The chance that a sender of category `c` writes a note: the category's own share in
/// `LEVEL_WEIGHTS`, scaled so that `note_percent` of all senders write one (consultants and
/// candidates still write more often than peers).
fn note_chance(c: usize, note_percent: u32) -> f64 {
    let written = |c: usize| f64::from(LEVEL_WEIGHTS[c][1..].iter().sum::<u32>());
    let total: u32 = CATEGORY_WEIGHTS.iter().sum();
    let mean: f64 = (0..CATEGORY_WEIGHTS.len())
        .map(|c| written(c) * f64::from(CATEGORY_WEIGHTS[c]) / f64::from(total))
        .sum();
    (f64::from(note_percent) / 100.0 * written(c) / mean).min(1.0)
}

/// Draws how this sender writes notes; about `note_percent` of all senders write one.
pub(super) fn note_style(category: Category, note_percent: u32, rng: &mut SplitMix64) -> NoteStyle {
    let c = category as usize;
    let level = if rng.chance(note_chance(c, note_percent)) {
        LEVELS[1 + rng.weighted(&LEVEL_WEIGHTS[c][1..])]
    } else {
        Level::None
    };
    let templates = PHRASES[c].templates.len();
    let template = (level == Level::Generic && rng.chance(0.6)).then(|| rng.popular(templates));
    // Each rubric item is drawn on its own, so every score from 0 to 4 occurs; consultants and
    // suppliers introduce themselves more, candidates sign off more.
    let (p_intro, p_value, p_signoff) = match category {
        Category::Consultant | Category::Supplier => (0.6, 0.4, 0.4),
        Category::Candidate => (0.5, 0.35, 0.55),
        Category::InHouse => (0.55, 0.35, 0.45),
        Category::Peer => (0.35, 0.25, 0.35),
    };
    let phrases = PHRASES[c];
    NoteStyle {
        level,
        template,
        variant: rng.weighted(&[70, 18, 12]) as u8,
        broken_merge: (template.is_some() && rng.chance(0.12)).then(|| {
            let company = rng
                .chance(0.4)
                .then(|| rng.below(COMPANY_PLACEHOLDERS.len()));
            (rng.below(NAME_PLACEHOLDERS.len()), company)
        }),
        canned: rng.weighted(&[40, 35, 25]),
        canned_greeting: rng.chance(0.3),
        greeting: rng.below(GREETINGS.len()),
        intro: rng.chance(p_intro).then(|| rng.below(phrases.intros.len())),
        reason: rng.chance(0.8).then(|| rng.below(phrases.reasons.len())),
        value: rng.chance(p_value).then(|| rng.below(phrases.values.len())),
        signoff: rng.chance(p_signoff).then(|| rng.below(SIGNOFFS.len())),
        intro_first: rng.chance(0.4),
        signoff_newline: rng.chance(0.35),
    }
}

/// A LinkedIn-style slug: lower-case ASCII, accents folded, words joined by hyphens.
pub(super) fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let folded = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'Á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'ı' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'Ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            'ł' | 'Ł' => 'l',
            'ś' | 'Ş' | 'ş' => 's',
            'ř' => 'r',
            'ž' | 'ź' | 'ż' => 'z',
            'ć' | 'č' => 'c',
            ' ' | '-' => '-',
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
            _ => continue, // apostrophes and anything unknown are dropped, as LinkedIn does
        };
        out.push(folded);
    }
    out
}

/// Replaces `{key}` with `lookup(key)`. Text in `{{…}}` and unknown keys are copied as written,
/// so templates can carry deliberately unfilled mail-merge fields.
pub(super) fn fill(template: &str, out: &mut String, lookup: impl Fn(&str) -> Option<String>) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        if after.starts_with("{{") {
            let end = after.find("}}").map_or(after.len(), |i| i + 2);
            out.push_str(&after[..end]);
            rest = &after[end..];
            continue;
        }
        match after.find('}') {
            Some(close) => {
                let key = &after[1..close];
                match lookup(key) {
                    Some(value) => out.push_str(&value),
                    None => out.push_str(&after[..=close]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
}

/// What a note may refer to for one sender → recipient pair.
pub(super) struct NoteContext<'a> {
    pub(super) sender: &'a Sender,
    pub(super) recipient: &'a Recipient,
    /// What `{first}` becomes: the recipient's name, or a broken mail-merge field.
    pub(super) first: &'a str,
    pub(super) rcompany: &'a str,
    pub(super) mutual: String,
    pub(super) post: &'a str,
    pub(super) event: &'a str,
    pub(super) hiring: &'a str,
}

impl NoteContext<'_> {
    pub(super) fn lookup(&self, key: &str) -> Option<String> {
        let text = match key {
            "first" => self.first,
            "me" => self.sender.first,
            "fullme" => &self.sender.full_name,
            "rcompany" => self.rcompany,
            "rspec" => self.recipient.specialism,
            "former" => self.recipient.former_employer,
            "school" => self.recipient.school,
            "post" => self.post,
            "event" => self.event,
            "hiring" => self.hiring,
            "mutual" => &self.mutual,
            _ => return persona_field(&self.sender.persona, key),
        };
        Some(text.to_string())
    }
}

/// Writes the note a sender sends to one recipient (empty for no note).
pub(super) fn compose_note(sender: &Sender, recipient: &Recipient, rng: &mut SplitMix64) -> String {
    let style = &sender.style;
    let phrases = PHRASES[sender.category as usize];
    let mutual_pool = &NAME_POOLS[rng.below(NAME_POOLS.len())];
    let mut ctx = NoteContext {
        sender,
        recipient,
        first: recipient.first,
        rcompany: recipient.company,
        mutual: format!(
            "{} {}",
            rng.pick(mutual_pool.first),
            rng.pick(mutual_pool.last)
        ),
        post: rng.pick(&recipient.posts),
        event: rng.pick(&recipient.events),
        hiring: rng.pick(&recipient.hiring),
    };
    let mut note = String::new();
    match style.level {
        Level::None => {}
        Level::Default => {
            if style.canned_greeting {
                fill(GREETINGS[style.greeting], &mut note, |k| ctx.lookup(k));
                note.push(' ');
            }
            note.push_str(CANNED[style.canned]);
        }
        Level::Generic if style.template.is_some() => {
            let template = phrases.templates[style.template.unwrap_or_default()];
            if let Some((name, company)) = style.broken_merge {
                ctx.first = NAME_PLACEHOLDERS[name];
                if let Some(company) = company {
                    ctx.rcompany = COMPANY_PLACEHOLDERS[company];
                }
            }
            fill(template, &mut note, |k| ctx.lookup(k));
            match style.variant {
                1 if note.starts_with("Hi ") => note.replace_range(..2, "Hello"),
                2 => note.push_str(" 🙂"),
                _ => {}
            }
        }
        Level::Generic | Level::Personalised => {
            let hook = (style.level == Level::Personalised).then(|| {
                if rng.chance(0.3) {
                    rng.pick(phrases.hiring_hooks)
                } else {
                    rng.pick(HOOKS)
                }
            });
            note = assemble(style, phrases, hook, &ctx);
        }
    }
    note
}

/// Joins greeting, hook, intro, reason, value and sign-off, dropping optional parts (value
/// first, then intro, then sign-off) until the note fits LinkedIn's 300 characters.
pub(super) fn assemble(
    style: &NoteStyle,
    phrases: &Phrases,
    hook: Option<&str>,
    ctx: &NoteContext,
) -> String {
    let render = |template: &str| {
        let mut s = String::new();
        fill(template, &mut s, |k| ctx.lookup(k));
        s
    };
    let greeting = render(GREETINGS[style.greeting]);
    let hook = hook.map(render);
    let mut intro = style.intro.map(|i| render(phrases.intros[i]));
    // A note with neither hook nor reason would say nothing; generic notes always state one.
    let reason = style
        .reason
        .or(hook.is_none().then_some(0))
        .map(|i| render(phrases.reasons[i]));
    let mut value = style.value.map(|i| render(phrases.values[i]));
    let mut signoff = style.signoff.map(|i| render(SIGNOFFS[i]));
    loop {
        let mut body = vec![greeting.as_str()];
        let ordered = if style.intro_first {
            [&intro, &hook, &reason, &value]
        } else {
            [&hook, &intro, &reason, &value]
        };
        body.extend(ordered.into_iter().flatten().map(String::as_str));
        let mut note = body.join(" ");
        if let Some(signoff) = &signoff {
            note.push_str(if style.signoff_newline { "\n\n" } else { " " });
            note.push_str(signoff);
        }
        if note.chars().count() <= MAX_NOTE_CHARS {
            return note;
        }
        if value.take().is_none() && intro.take().is_none() && signoff.take().is_none() {
            // Greeting, hook and reason are each well under 100 characters; cut as a last resort.
            return note.chars().take(MAX_NOTE_CHARS).collect();
        }
    }
}
