//! Who sends and who receives: the team, the categories and their odds, and the word lists
//! that make names, companies and headlines.

/// A member of the recruiting team, with the facts a personalised note can refer to.
pub(super) struct Recipient {
    pub(super) name: &'static str,
    pub(super) first: &'static str,
    pub(super) company: &'static str,
    /// What they recruit, as a sender would phrase it ("tech", "finance").
    pub(super) specialism: &'static str,
    pub(super) former_employer: &'static str,
    pub(super) school: &'static str,
    pub(super) posts: [&'static str; 3],
    pub(super) events: [&'static str; 2],
    pub(super) hiring: [&'static str; 3],
}

/// The team. Profile URLs for reference: https://www.linkedin.com/in/hannah-okafor-7b2e91c4,
/// /in/tom-lindqvist-03fa5d8e, /in/aisha-rahman-c91d0b27, /in/marco-bellini-5e8a16f3. The
/// `recipient` column holds the name, as LinkedIn's own export ("To") does.
pub(super) static TEAM: [Recipient; 4] = [
    Recipient {
        name: "Hannah Okafor",
        first: "Hannah",
        company: "Harbourline Talent",
        specialism: "technology",
        former_employer: "Robert Walters",
        school: "the University of Leeds",
        posts: [
            "salary transparency in job ads",
            "why counter-offers rarely work",
            "the state of the contract market",
        ],
        events: ["Recruitment Agency Expo", "London Tech Week"],
        hiring: [
            "Senior Data Engineer",
            "Platform Engineering Lead",
            "Senior Frontend Developer",
        ],
    },
    Recipient {
        name: "Tom Lindqvist",
        first: "Tom",
        company: "Harbourline Talent",
        specialism: "finance",
        former_employer: "Michael Page",
        school: "the University of Manchester",
        posts: [
            "the interim finance market",
            "hiring for culture add, not culture fit",
            "four-day weeks in finance teams",
        ],
        events: ["a CIPD meetup in Manchester", "the Northern Finance Forum"],
        hiring: ["Financial Controller", "FP&A Manager", "Head of Finance"],
    },
    Recipient {
        name: "Aisha Rahman",
        first: "Aisha",
        company: "Harbourline Talent",
        specialism: "data and analytics",
        former_employer: "Hays",
        school: "King's College London",
        posts: [
            "candidate ghosting",
            "AI in sourcing",
            "writing job ads people actually read",
        ],
        events: ["the Data & AI meetup in Shoreditch", "RecFest"],
        hiring: [
            "Analytics Engineer",
            "Head of Data",
            "Machine Learning Engineer",
        ],
    },
    Recipient {
        name: "Marco Bellini",
        first: "Marco",
        company: "Harbourline Talent",
        specialism: "early careers",
        former_employer: "Randstad",
        school: "the University of Bristol",
        posts: [
            "graduate hiring this year",
            "inclusive job descriptions",
            "what makes a strong first CV",
        ],
        events: [
            "the University of Bristol careers fair",
            "an early-careers panel at RecFest",
        ],
        hiring: [
            "Graduate Software Engineer",
            "Junior Data Analyst",
            "Trainee Recruitment Consultant",
        ],
    },
];

/// How often each team member is invited: the director's profile is the most visible.
pub(super) const TEAM_WEIGHTS: [u32; 4] = [34, 27, 23, 16];

/// Sender categories, in the order of the caller's `SenderCategory`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Category {
    Consultant,
    InHouse,
    Candidate,
    Supplier,
    Peer,
}

pub(super) const CATEGORIES: [Category; 5] = [
    Category::Consultant,
    Category::InHouse,
    Category::Candidate,
    Category::Supplier,
    Category::Peer,
];

/// New-sender weights, chosen so that *invitations* come out near 30/10/30/15/15 per cent:
/// the target share divided by how many of the team a sender of that category invites on
/// average (consultants and suppliers mass-send, peers rarely do).
pub(super) const CATEGORY_WEIGHTS: [u32; 5] = [140, 66, 152, 62, 110];

/// Weights for inviting 1, 2, 3 or all 4 members of the team, by category.
pub(super) const REACH_WEIGHTS: [[u32; 4]; 5] = [
    [45, 20, 15, 20],
    [65, 20, 10, 5],
    [50, 20, 15, 15],
    [40, 15, 15, 30],
    [75, 15, 7, 3],
];

/// How much the note was written for the recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Level {
    None,
    Default,
    Generic,
    Personalised,
}

pub(super) const LEVELS: [Level; 4] = [
    Level::None,
    Level::Default,
    Level::Generic,
    Level::Personalised,
];

/// Personalisation mix by category (none, default, generic, personalised), per sender.
pub(super) const LEVEL_WEIGHTS: [[u32; 4]; 5] = [
    [33, 22, 35, 10],
    [30, 20, 30, 20],
    [18, 20, 47, 15],
    [15, 10, 60, 15],
    [42, 18, 14, 26],
];

/// Acceptance baseline by category, before personalisation and courtesy.
pub(super) const ACCEPT_BASE: [f64; 5] = [0.25, 0.55, 0.30, 0.15, 0.60];
/// Lift in acceptance by level: a canned note is no better than none; a personal one is.
pub(super) const ACCEPT_LIFT: [f64; 4] = [0.0, -0.02, 0.08, 0.35];
/// Probability of an explicit decline ("Ignore" with feedback) by category.
pub(super) const DECLINE_BASE: [f64; 5] = [0.08, 0.03, 0.06, 0.13, 0.03];
/// Probability that an accepted invitation is answered, by category; personal notes add more.
pub(super) const REPLY_BASE: [f64; 5] = [0.05, 0.15, 0.10, 0.03, 0.12];
pub(super) const REPLY_LIFT: [f64; 4] = [0.0, 0.0, 0.03, 0.28];
/// Probability that the sender withdraws an invitation left unanswered for two weeks or more.
pub(super) const WITHDRAW: [f64; 5] = [0.04, 0.02, 0.025, 0.055, 0.015];

/// Hours from invitation to acceptance or decline: minutes for the keen, weeks for the rest.
pub(super) const ACCEPT_DELAY_HOURS: [(f64, f64); 8] = [
    (0.0, 0.05),
    (0.1, 0.5),
    (0.25, 2.5),
    (0.5, 16.0),
    (0.75, 55.0),
    (0.9, 170.0),
    (0.97, 420.0),
    (1.0, 1200.0),
];
/// Hours from acceptance (or invitation) to a reply.
pub(super) const REPLY_DELAY_HOURS: [(f64, f64); 6] = [
    (0.0, 0.02),
    (0.3, 0.4),
    (0.5, 2.0),
    (0.8, 24.0),
    (0.95, 100.0),
    (1.0, 480.0),
];
/// Hours between one mass-sender's invitations to different team members: one sitting.
pub(super) const MASS_GAP_HOURS: [(f64, f64); 4] =
    [(0.0, 0.02), (0.5, 0.1), (0.9, 0.5), (1.0, 3.0)];
/// Hours between a considered sender's invitations: often days apart.
pub(super) const SLOW_GAP_HOURS: [(f64, f64); 5] = [
    (0.0, 0.05),
    (0.3, 1.0),
    (0.6, 24.0),
    (0.9, 120.0),
    (1.0, 330.0),
];

/// Name pools by broad origin, so a sender's first and last name belong together.
pub(super) struct NamePool {
    pub(super) weight: u32,
    pub(super) first: &'static [&'static str],
    pub(super) last: &'static [&'static str],
}

pub(super) static NAME_POOLS: [NamePool; 8] = [
    NamePool {
        weight: 34,
        first: &[
            "Oliver",
            "Amelia",
            "Harry",
            "Charlotte",
            "Jack",
            "Sophie",
            "George",
            "Emily",
            "James",
            "Lucy",
            "Thomas",
            "Hannah",
            "William",
            "Grace",
            "Daniel",
            "Chloe",
            "Callum",
            "Ellie",
            "Rhys",
            "Niamh",
            "Ciaran",
            "Siobhan",
            "Fraser",
            "Isla",
            "Owen",
            "Megan",
            "Ben",
            "Laura",
            "Sam",
            "Rebecca",
            "Liam",
            "Aoife",
            "Matt",
            "Jess",
            "Connor",
            "Holly",
            "Gemma",
            "Stuart",
        ],
        last: &[
            "Smith",
            "Jones",
            "Taylor",
            "Brown",
            "Williams",
            "Wilson",
            "Johnson",
            "Davies",
            "Robinson",
            "Wright",
            "Thompson",
            "Evans",
            "Walker",
            "White",
            "Roberts",
            "Green",
            "Hall",
            "Wood",
            "Jackson",
            "Clarke",
            "Hughes",
            "Edwards",
            "Murphy",
            "O'Brien",
            "Kelly",
            "MacLeod",
            "Campbell",
            "Fletcher",
            "Barnes",
            "Holloway",
            "Pritchard",
            "Whitfield",
            "Ashworth",
            "Doyle",
            "Gallagher",
            "Kerr",
        ],
    },
    NamePool {
        weight: 16,
        first: &[
            "Priya", "Arjun", "Ananya", "Rohan", "Kavya", "Vikram", "Neha", "Sanjay", "Pooja",
            "Rahul", "Divya", "Imran", "Fatima", "Harpreet", "Gurpreet", "Nikhil", "Shreya",
            "Aditya", "Meera", "Zain", "Ayesha", "Karthik", "Lakshmi", "Sunil",
        ],
        last: &[
            "Sharma",
            "Patel",
            "Singh",
            "Gupta",
            "Khan",
            "Iyer",
            "Reddy",
            "Nair",
            "Chowdhury",
            "Mehta",
            "Desai",
            "Kapoor",
            "Hussain",
            "Ahmed",
            "Bose",
            "Menon",
            "Verma",
            "Malhotra",
            "Sandhu",
            "Rao",
            "Pillai",
            "Joshi",
        ],
    },
    NamePool {
        weight: 10,
        first: &[
            "Łukasz",
            "Katarzyna",
            "Piotr",
            "Agnieszka",
            "Tomasz",
            "Magdalena",
            "Andrei",
            "Ioana",
            "Mihai",
            "Elena",
            "Dmytro",
            "Olena",
            "Petra",
            "Ondřej",
            "Marta",
            "Jakub",
            "Zsófia",
            "Bence",
            "Ivana",
            "Nikola",
        ],
        last: &[
            "Kowalski",
            "Nowak",
            "Wiśniewski",
            "Zieliński",
            "Popescu",
            "Ionescu",
            "Kovalenko",
            "Shevchenko",
            "Novák",
            "Dvořák",
            "Horváth",
            "Nagy",
            "Petrović",
            "Jovanović",
            "Lewandowski",
            "Wójcik",
            "Marinescu",
            "Bondarenko",
        ],
    },
    NamePool {
        weight: 10,
        first: &[
            "José",
            "María",
            "Lucía",
            "Alejandro",
            "Carmen",
            "Javier",
            "Sofia",
            "Marco",
            "Giulia",
            "Luca",
            "Francesca",
            "Matteo",
            "Chiara",
            "João",
            "Inês",
            "Tiago",
            "Beatriz",
            "Camila",
            "Diego",
            "Valentina",
            "Mateo",
        ],
        last: &[
            "García",
            "Fernández",
            "López",
            "Martínez",
            "Rodríguez",
            "Rossi",
            "Russo",
            "Romano",
            "Colombo",
            "Ferreira",
            "Silva",
            "Santos",
            "Costa",
            "Oliveira",
            "Moreno",
            "Álvarez",
            "Gómez",
            "Esposito",
            "Ricci",
            "Herrera",
        ],
    },
    NamePool {
        weight: 8,
        first: &[
            "Chinedu",
            "Ngozi",
            "Oluwaseun",
            "Adaeze",
            "Tunde",
            "Funmilayo",
            "Kwame",
            "Ama",
            "Kofi",
            "Abena",
            "Emeka",
            "Chiamaka",
            "Wanjiru",
            "Kamau",
            "Thabo",
            "Lindiwe",
            "Yaw",
            "Efua",
            "Ifeoma",
            "Segun",
        ],
        last: &[
            "Okafor", "Adeyemi", "Okonkwo", "Balogun", "Mensah", "Asante", "Boateng", "Owusu",
            "Nwosu", "Eze", "Adebayo", "Ogunleye", "Mwangi", "Otieno", "Ndlovu", "Dlamini", "Osei",
            "Obi", "Afolabi",
        ],
    },
    NamePool {
        weight: 7,
        first: &[
            "Wei", "Mei", "Jun", "Xin", "Hao", "Yan", "Hiroshi", "Yuki", "Kenji", "Aiko",
            "Min-jun", "Ji-woo", "Seo-yeon", "Hyun", "Thanh", "Linh", "Minh", "Jia Hui", "Kai",
            "Rui",
        ],
        last: &[
            "Wang", "Li", "Zhang", "Chen", "Liu", "Huang", "Zhao", "Wu", "Tanaka", "Sato",
            "Suzuki", "Nakamura", "Kim", "Park", "Lee", "Choi", "Nguyen", "Tran", "Pham", "Lim",
            "Tan", "Ng",
        ],
    },
    NamePool {
        weight: 8,
        first: &[
            "Lukas",
            "Anna",
            "Jonas",
            "Lena",
            "Maximilian",
            "Felix",
            "Jan",
            "Sanne",
            "Daan",
            "Femke",
            "Lars",
            "Ingrid",
            "Erik",
            "Astrid",
            "Mikkel",
            "Freja",
            "Niklas",
            "Katrin",
            "Sven",
            "Annika",
        ],
        last: &[
            "Müller",
            "Schmidt",
            "Schneider",
            "Fischer",
            "Weber",
            "Becker",
            "Hoffmann",
            "de Vries",
            "van Dijk",
            "Jansen",
            "Bakker",
            "Visser",
            "van den Berg",
            "Andersson",
            "Johansson",
            "Nielsen",
            "Hansen",
            "Larsen",
            "Berg",
            "Eriksson",
            "Vogel",
        ],
    },
    NamePool {
        weight: 7,
        first: &[
            "Omar", "Layla", "Youssef", "Nour", "Karim", "Yasmin", "Ahmed", "Mariam", "Hassan",
            "Leila", "Tariq", "Rania", "Samir", "Dina", "Mehmet", "Elif", "Emre", "Zeynep", "Reza",
            "Shirin",
        ],
        last: &[
            "Haddad", "Khalil", "Mansour", "Nasser", "Saleh", "Farouk", "Aziz", "Yılmaz", "Kaya",
            "Demir", "Şahin", "Öztürk", "Hosseini", "Rahimi", "Karimi", "El-Amin", "Bakr",
            "Darwish", "Hamdan", "Haddad",
        ],
    },
];

pub(super) const CITIES: &[&str] = &[
    "London",
    "Manchester",
    "Leeds",
    "Birmingham",
    "Bristol",
    "Edinburgh",
    "Glasgow",
    "Dublin",
    "Reading",
    "Cambridge",
    "Nottingham",
    "Cardiff",
    "Amsterdam",
    "Berlin",
    "Newcastle",
];

pub(super) const AGENCIES: &[&str] = &[
    "Hays",
    "Michael Page",
    "Robert Walters",
    "Randstad",
    "Adecco",
    "Robert Half",
    "Harvey Nash",
    "Korn Ferry",
    "Spencer Stuart",
    "Heidrick & Struggles",
    "Page Executive",
    "Hudson",
    "Kforce",
    "Reed",
    "Morgan McKinley",
    "Oliver James",
    "Huxley",
    "Lorien",
    "Badenoch + Clark",
    "Odgers Berndtson",
    "Russell Reynolds Associates",
    "Egon Zehnder",
    "TEKsystems",
    "Phaidon International",
    "La Fosse",
    "Nigel Frank International",
    "ManpowerGroup",
    "Kelly Services",
    "Salt",
    "Investigo",
];

pub(super) const CONSULTANT_TITLES: &[&str] = &[
    "Recruitment Consultant",
    "Senior Recruitment Consultant",
    "Principal Consultant",
    "Associate Director",
    "Recruitment Manager",
    "Talent Consultant",
    "Executive Search Consultant",
    "Senior Resourcer",
    "Business Manager",
    "Managing Consultant",
    "Recruiter",
    "Senior Consultant",
    "Associate Partner",
    "Director",
];

pub(super) const SPECIALISMS: &[&str] = &[
    "IT & Digital",
    "Finance & Accounting",
    "Data & Analytics",
    "Cyber Security",
    "Legal",
    "Engineering",
    "Life Sciences",
    "Sales & Marketing",
    "HR",
    "Supply Chain",
    "Interim Management",
    "Cloud & DevOps",
    "Fintech",
    "Construction & Property",
    "Procurement",
    "Software Engineering",
    "Banking & Financial Services",
    "Tax",
];

/// Headlines: `{title}`, `{org}`, `{topic}`, `{detail}`, `{city}`, `{years}` are filled in.
pub(super) const CONSULTANT_HEADLINES: &[&str] = &[
    "{title} at {org} | {topic}",
    "{title} at {org}",
    "{title} - {topic} - {org}",
    "{title} @ {org} 🚀 | {topic}",
    "Helping {topic} professionals find their next role | {title} @ {org}",
    "{topic} Recruitment | {org}",
    "headhunter | {topic} | dms open",
    "Headhunter – Executive Search | Board & C-level",
    "Connecting top {topic} talent with great companies 🔗 {org}",
    "{title} | {topic} | {city}",
    "",
    "Recruiting {topic} across {city} and the UK",
    "{title} | {org} | Perm & Contract {topic} | Let's talk 📞",
    "{topic} recruiter 👋 {years} years placing great people",
    "Rec2Rec | I help recruiters find better desks | {org}",
];

pub(super) const EMPLOYERS: &[&str] = &[
    "Siemens",
    "Spotify",
    "Monzo",
    "Unilever",
    "AstraZeneca",
    "GSK",
    "HSBC",
    "Barclays",
    "Deloitte",
    "Amazon",
    "Microsoft",
    "Google",
    "Ocado Technology",
    "Revolut",
    "Rolls-Royce",
    "BP",
    "Tesco",
    "Sainsbury's",
    "Vodafone",
    "BT Group",
    "Booking.com",
    "Adyen",
    "SAP",
    "Bosch",
    "Zalando",
    "ING",
    "Nestlé",
    "Philips",
    "Ericsson",
    "Wise",
    "Deliveroo",
    "Sky",
    "Accenture",
    "KPMG",
    "PwC",
    "EY",
    "Capgemini",
    "Santander",
    "Lloyds Banking Group",
    "Arm",
    "Dyson",
    "BAE Systems",
    "Octopus Energy",
    "Starling Bank",
    "Skyscanner",
    "Rightmove",
    "Sage",
    "Experian",
];

pub(super) const IN_HOUSE_TITLES: &[&str] = &[
    "Talent Acquisition Partner",
    "Technical Recruiter",
    "Talent Acquisition Manager",
    "Senior Talent Partner",
    "Head of Talent Acquisition",
    "Internal Recruiter",
    "Recruitment Business Partner",
    "Talent Sourcer",
    "Early Careers Recruiter",
    "Head of Talent",
    "Senior Technical Recruiter",
    "Talent Acquisition Lead",
];

pub(super) const HIRING_AREAS: &[&str] = &[
    "engineering",
    "data",
    "finance",
    "sales",
    "product",
    "early careers",
    "operations",
    "cyber security",
    "technology",
    "marketing",
    "corporate functions",
];

pub(super) const IN_HOUSE_HEADLINES: &[&str] = &[
    "{title} @ {org}",
    "{title} at {org}",
    "{title} | {org} | We're hiring!",
    "Hiring {topic} talent at {org} 💼",
    "{title} - {org} | {topic} hiring",
    "{title} | {org} | ex-agency",
    "talent @ {org} | {topic}",
    "",
    "{title} at {org} | Building great {topic} teams",
];

/// Candidate roles: (title, skills, field).
pub(super) const CANDIDATE_ROLES: &[(&str, &str, &str)] = &[
    ("Data Analyst", "SQL, Python, Power BI", "data analytics"),
    (
        "Software Engineer",
        "Java, Spring Boot, AWS",
        "software engineering",
    ),
    (
        "Frontend Developer",
        "React, TypeScript",
        "software engineering",
    ),
    (
        "DevOps Engineer",
        "AWS, Terraform, Kubernetes",
        "cloud and DevOps",
    ),
    (
        "Business Analyst",
        "Agile, Jira, stakeholder management",
        "business analysis",
    ),
    ("Project Manager", "PRINCE2, Agile", "project management"),
    ("Management Accountant", "CIMA, Xero, Sage", "finance"),
    ("Financial Analyst", "FP&A, Excel, modelling", "finance"),
    ("Marketing Executive", "SEO, HubSpot, content", "marketing"),
    ("HR Advisor", "CIPD Level 5, ER casework", "HR"),
    (
        "Sales Development Representative",
        "SaaS, outbound, Salesforce",
        "sales",
    ),
    (
        "Product Manager",
        "B2B SaaS, discovery, roadmaps",
        "product",
    ),
    ("UX Designer", "Figma, user research", "design"),
    (
        "Customer Success Manager",
        "SaaS, onboarding, retention",
        "customer success",
    ),
    ("Operations Manager", "Lean, logistics, P&L", "operations"),
    ("Paralegal", "commercial property, conveyancing", "law"),
    ("Mechanical Engineer", "SolidWorks, CAD", "engineering"),
    ("Payroll Administrator", "Sage, ADP, pensions", "payroll"),
    ("Data Scientist", "Python, ML, NLP", "data science"),
    (
        "Recruitment Resourcer",
        "Boolean search, LinkedIn Recruiter",
        "recruitment",
    ),
    (
        "Cyber Security Analyst",
        "SOC, SIEM, Splunk",
        "cyber security",
    ),
    ("QA Test Engineer", "Selenium, Cypress", "software testing"),
];

pub(super) const CANDIDATE_HEADLINES: &[&str] = &[
    "Open to work | {title} | {detail}",
    "{title} | {detail} | Open to new opportunities",
    "#OpenToWork – {title} – {city}",
    "Experienced {title} looking for my next challenge",
    "Aspiring {title}",
    "{title} at {org}",
    "{title} @ {org} | {detail}",
    "{title} | {detail}",
    "seeking {title} roles | immediately available",
    "{title} 📊 {detail} | Open to work",
    "Career changer → {title} | {detail}",
    "",
    "{title} | Ex-{org} | Open to contract & perm",
    "{title} with {years}+ years' experience | {city}",
    "{title} | {detail} | {city} or remote",
];

/// Students and graduates: (how they describe themselves, headline, field, university).
pub(super) const STUDENTS: &[(&str, &str, &str, &str)] = &[
    (
        "final-year Computer Science student",
        "Final-year Computer Science student seeking graduate roles",
        "software engineering",
        "University of Nottingham",
    ),
    (
        "recent Economics graduate",
        "Economics Graduate | Looking for graduate analyst roles",
        "finance",
        "University of Warwick",
    ),
    (
        "MSc Data Science student",
        "MSc Data Science @ University of Edinburgh | Python, R, SQL",
        "data science",
        "University of Edinburgh",
    ),
    (
        "Law graduate",
        "LLB Law graduate | Aspiring Trainee Solicitor",
        "law",
        "University of Exeter",
    ),
    (
        "marketing student",
        "marketing student @ UCL 💡 seeking summer internships",
        "marketing",
        "UCL",
    ),
    (
        "recent Mechanical Engineering graduate",
        "BEng Mechanical Engineering | Graduate Engineer | Open to work",
        "engineering",
        "University of Sheffield",
    ),
    (
        "Psychology graduate",
        "Psychology graduate interested in HR and recruitment",
        "HR",
        "Cardiff University",
    ),
    (
        "second-year Business student",
        "Business Management student | Looking for a placement year",
        "business",
        "Aston University",
    ),
];

/// Suppliers: (company, what they sell, what it does for an agency).
pub(super) const SUPPLIERS: &[(&str, &str, &str)] = &[
    (
        "Bullhorn",
        "recruitment CRM",
        "spend less time on admin and more time placing",
    ),
    (
        "Vincere",
        "recruitment CRM",
        "run the whole desk from one place",
    ),
    (
        "Broadbean",
        "multiposting",
        "get jobs in front of more candidates",
    ),
    (
        "Totaljobs",
        "job advertising",
        "reach active candidates faster",
    ),
    ("Indeed", "sponsored job ads", "fill roles faster"),
    (
        "LinkedIn",
        "LinkedIn Recruiter seats",
        "find and engage passive talent",
    ),
    (
        "HireRight",
        "background screening",
        "speed up pre-employment checks",
    ),
    (
        "Cognism",
        "B2B contact data",
        "reach hiring managers on verified mobiles",
    ),
    (
        "ZoomInfo",
        "sales intelligence",
        "find new clients before your competitors do",
    ),
    ("Lusha", "contact data", "get hold of decision makers"),
    (
        "hireEZ",
        "AI sourcing",
        "source passive candidates in minutes",
    ),
    (
        "SeekOut",
        "talent intelligence",
        "build diverse shortlists faster",
    ),
    (
        "Textkernel",
        "CV parsing and matching",
        "turn your database into placements",
    ),
    ("Salesforce", "CRM", "see the whole client pipeline"),
    (
        "Giant Group",
        "umbrella and payroll services",
        "pay contractors compliantly",
    ),
    (
        "LeadSpark Growth",
        "lead generation",
        "book more client meetings",
    ),
    (
        "Talentwave Digital",
        "recruitment marketing",
        "build a brand candidates want to work with",
    ),
    (
        "Scaleup Rec Partners",
        "coaching for agency owners",
        "scale to seven figures",
    ),
];

pub(super) const SUPPLIER_TITLES: &[&str] = &[
    "Account Executive",
    "Business Development Manager",
    "Senior Account Executive",
    "Partnerships Manager",
    "Sales Director",
    "Founder",
    "Co-founder & CEO",
    "Customer Success Manager",
    "Growth consultant",
    "Enterprise Account Manager",
    "Head of Partnerships",
];

pub(super) const SUPPLIER_HEADLINES: &[&str] = &[
    "{title} at {org}",
    "{title} @ {org} | Helping recruiters {detail}",
    "{title} | {org} | {topic} for recruitment agencies",
    "Growth consultant | I help agencies get more leads",
    "I help recruitment business owners scale | {title} @ {org}",
    "{title} – {org} 🚀",
    "helping staffing firms {detail} | {org}",
    "{title} | {topic} | DM me for a demo",
    "",
];

/// Peers: hiring managers, HR and other professionals (title, field).
pub(super) const PEER_ROLES: &[(&str, &str)] = &[
    ("Head of Engineering", "engineering"),
    ("Management Consultant", "consulting"),
    ("HR Business Partner", "HR"),
    ("People Director", "people"),
    ("CTO", "technology"),
    ("Finance Director", "finance"),
    ("Engineering Manager", "engineering"),
    ("VP Sales EMEA", "sales"),
    ("Operations Director", "operations"),
    ("Head of Data", "data"),
    ("Chartered Accountant (ACA)", "finance"),
    ("Director of Product", "product"),
    ("Learning & Development Manager", "L&D"),
    ("Founder & CEO", "start-ups"),
    ("Head of People", "people"),
    ("Employment Solicitor", "employment law"),
    ("Programme Manager", "delivery"),
    ("Careers Consultant", "careers"),
];

pub(super) const PEER_HEADLINES: &[&str] = &[
    "{title} at {org}",
    "{title} @ {org} | Hiring!",
    "{title} | {org} | {topic}",
    "{title} - {org}",
    "{title} at {org} | Mentor | Speaker",
    "{title} 🌱 {org}",
    "",
    "{title}, {org} | views my own",
];
