//! `metrics.csv` against numbers worked out by hand.
//!
//! October 2026, as of the end of 2026-10-31 (instant 2026-11-01T00:00Z), 14 days' grace, so a
//! pending invitation that arrived after 2026-10-18T00:00Z is still undecided.
//!
//! | # | category   | note         | outcome                         | decided | counts as        |
//! |---|------------|--------------|---------------------------------|---------|------------------|
//! | 1 | consultant | none         | accepted after 2 h              | yes     | accepted         |
//! | 2 | consultant | none         | ignored                         | yes     | –                |
//! | 3 | consultant | none         | pending since 10-03 (old)       | yes     | –                |
//! | 4 | consultant | none         | pending since 10-25 (young)     | no      | –                |
//! | 5 | consultant | default text | accepted after 24 h, reply 48 h | yes     | accepted, reply  |
//! | 6 | consultant | none         | withdrawn                       | no      | –                |
//! | 7 | candidate  | personalised | accepted after 4 h, reply 24 h  | yes     | accepted, reply  |
//! | 8 | candidate  | generic      | declined                        | yes     | –                |
//! | 9 | candidate  | none         | accepted after 30 h             | yes     | accepted         |
//! |10 | candidate  | personalised | pending since 10-28, replied    | no      | – (undecided)    |
//! |11 | consultant | none         | September: not in the month     | –       | –                |
//!
//! Overall: 10 invites, 7 decided, 4 accepted (4/7 = 0.5714, Wilson 0.2505–0.8418), 2 replies
//! (2/7 = 0.2857, Wilson 0.0822–0.6411), 4 with a note (0.4), 2 personalised (0.2); median hours
//! to accept over 2, 4, 24, 30 = 14; to reply over 24, 48 = 36.
//! Consultants: 6 invites, 4 decided, 2 accepted (0.5, Wilson 0.1500–0.8500), 1 reply (0.25),
//! 1 note (1/6). Candidates: 4 invites, 3 decided, 2 accepted (2/3, Wilson 0.2077–0.9385),
//! 1 reply, 3 notes (0.75), 2 personalised (0.5).
//! Wilson bounds: p̃ ± z/(1+z²/n)·√(p(1−p)/n + z²/4n²), with p̃ = (p + z²/2n)/(1+z²/n), z = 1.959964.
//!
//! Comparisons (a − b; Newcombe's hybrid interval combines each side's Wilson bounds as
//! δ − √((p_a − l_a)² + (u_b − p_b)²) to δ + √((u_a − p_a)² + (p_b − l_b)²); p from the pooled
//! z = δ / √(p̂(1 − p̂)(1/n_a + 1/n_b))):
//! consultants vs candidates on notes: 1/6 − 3/4 = −0.5833 (−0.8292 to 0.0162), pooled
//! p̂ = 4/10, z = −1.8447, p = 0.0651; on acceptance: 2/4 − 2/3 = −0.1667 (−0.6098 to 0.4105),
//! p = 0.6592. Personalised vs none on acceptance: 1/1 − 2/4 = 0.5 (−0.3672 to 0.8500), p = 0.3613.
//! Every comparison has fewer than 5 trials on a side, so each is repeated pooled over the 12
//! months to October, which add row 11: consultants vs candidates on acceptance 3/5 − 2/3 =
//! −0.0667 (Wilson 3/5: 0.2307–0.8824; −0.5252 to 0.4722), p̂ = 5/8, z = −0.1886, p = 0.8504.
//!
//! Companies: Hays sent 4 in October (C1–C4; none with a note; 1 of 3 decided accepted); Reed 2
//! (C5–C6; one note; 1 of 1 decided accepted); the candidates give no company.

use crate::support::{column, csv_rows, TestEnv};

const FIXTURE: &str = "\
received_at,category,message,status,accepted_at,responded_at,sender_name,sender_company
2026-10-01T09:00:00Z,recruitment_consultant,,accepted,2026-10-01T11:00:00Z,,C1,Hays
2026-10-02T09:00:00Z,recruitment_consultant,,ignored,,,C2,Hays
2026-10-03T09:00:00Z,recruitment_consultant,,pending,,,C3,Hays
2026-10-25T09:00:00Z,recruitment_consultant,,pending,,,C4,Hays
2026-10-05T09:00:00Z,recruitment_consultant,\"Hi Sam, I'd like to join your LinkedIn network\",accepted,2026-10-06T09:00:00Z,2026-10-07T09:00:00Z,C5,Reed
2026-10-06T09:00:00Z,recruitment_consultant,,withdrawn,,,C6,Reed
2026-10-07T09:00:00Z,candidate,\"Loved your talk at PyData on hiring juniors. Kind regards, Ann\",accepted,2026-10-07T13:00:00Z,2026-10-08T09:00:00Z,K1,
2026-10-08T09:00:00Z,candidate,\"Hi, could we connect?\",declined,,,K2,
2026-10-09T09:00:00Z,candidate,,accepted,2026-10-10T15:00:00Z,,K3,
2026-10-28T09:00:00Z,candidate,\"Great to meet you at RecFest yesterday!\",pending,,2026-10-29T09:00:00Z,K4,
2026-09-15T09:00:00Z,recruitment_consultant,,accepted,2026-09-15T10:00:00Z,,C0,Hays
";

fn metrics_rows(env: &TestEnv) -> Vec<Vec<String>> {
    env.write("hand.csv", FIXTURE);
    env.run(&[
        "report",
        "hand.csv",
        "--out",
        "out",
        "--month",
        "2026-10",
        "--as-of",
        "2026-10-31",
        "--grace-days",
        "14",
        "--emit-tagged",
        "-q",
    ])
    .success();
    csv_rows(&env.read("out/2026-10/metrics.csv"))
}

fn row<'a>(rows: &'a [Vec<String>], dimension: &str, group: &str) -> &'a [String] {
    rows.iter()
        .find(|r| r[0] == dimension && r[1] == group)
        .unwrap_or_else(|| panic!("no row {dimension}/{group}"))
}

#[test]
fn overall_row_matches_the_hand_computation() {
    let env = TestEnv::new();
    let rows = metrics_rows(&env);
    assert_eq!(rows[0].join(","), "dimension,group,invites,decided,accepted,acceptance_rate,acceptance_ci_low,acceptance_ci_high,responded,response_rate,response_ci_low,response_ci_high,with_note,note_rate,personalised,personalised_rate,mean_courtesy,median_hours_to_accept,median_hours_to_reply");
    let overall = row(&rows, "overall", "all");
    let mut expected: Vec<&str> =
        "overall,all,10,7,4,0.5714,0.2505,0.8418,2,0.2857,0.0822,0.6411,4,0.4000,2,0.2000"
            .split(',')
            .collect();
    // mean_courtesy is checked against tagged.csv below; the medians are worked out above.
    expected.extend(["<courtesy>", "14.0000", "36.0000"]);
    for (i, want) in expected.iter().enumerate() {
        if *want != "<courtesy>" {
            assert_eq!(overall[i], *want, "column {}", rows[0][i]);
        }
    }

    // mean_courtesy = mean courtesy_score of October's invitations with a note.
    let tagged = csv_rows(&env.read("out/2026-10/tagged.csv"));
    let (sum, n) = column(&tagged, "received_at")
        .iter()
        .zip(column(&tagged, "personalisation"))
        .zip(column(&tagged, "courtesy_score"))
        .filter(|((at, level), _)| at.starts_with("2026-10") && level != "none")
        .fold((0.0, 0), |(s, n), (_, score)| {
            (s + score.parse::<f64>().unwrap(), n + 1)
        });
    assert_eq!(n, 4);
    assert_eq!(overall[16], format!("{:.4}", sum / n as f64));
}

#[test]
fn category_rows_match_the_hand_computation() {
    let env = TestEnv::new();
    let rows = metrics_rows(&env);
    let consultant = row(&rows, "sender_category", "recruitment_consultant");
    assert_eq!(
        consultant[2..16].join(","),
        "6,4,2,0.5000,0.1500,0.8500,1,0.2500,0.0456,0.6994,1,0.1667,0,0.0000"
    );
    let candidate = row(&rows, "sender_category", "candidate");
    assert_eq!(
        candidate[2..16].join(","),
        "4,3,2,0.6667,0.2077,0.9385,1,0.3333,0.0615,0.7923,3,0.7500,2,0.5000"
    );
    assert_eq!(candidate[17], "17.0000"); // median of 4 h and 30 h
}

#[test]
fn personalisation_rows_and_sort_order() {
    let env = TestEnv::new();
    let rows = metrics_rows(&env);
    let keys: Vec<String> = rows[1..]
        .iter()
        .map(|r| format!("{}/{}", r[0], r[1]))
        .collect();
    assert_eq!(
        keys,
        [
            "overall/all",
            "sender_category/candidate",
            "sender_category/recruitment_consultant",
            "personalisation/default",
            "personalisation/generic",
            "personalisation/none",
            "personalisation/personalised",
            "sender_category_x_personalisation/candidate|generic",
            "sender_category_x_personalisation/candidate|none",
            "sender_category_x_personalisation/candidate|personalised",
            "sender_category_x_personalisation/recruitment_consultant|default",
            "sender_category_x_personalisation/recruitment_consultant|none",
        ]
    );
    let personal = row(&rows, "personalisation", "personalised");
    // Two personalised invitations, one decided: the undecided reply does not count.
    assert_eq!(
        personal[2..10].join(","),
        "2,1,1,1.0000,0.2065,1.0000,1,1.0000"
    );
    let none = row(&rows, "personalisation", "none");
    assert_eq!(none[2..6].join(","), "6,4,2,0.5000");
}

#[test]
fn a_young_pending_invitation_becomes_decided_later() {
    let env = TestEnv::new();
    env.write("hand.csv", FIXTURE);
    // As of mid-November every pending October invitation is older than 14 days.
    env.run(&[
        "report",
        "hand.csv",
        "--out",
        "out",
        "--month",
        "2026-10",
        "--as-of",
        "2026-11-15",
        "-q",
    ])
    .success();
    let rows = csv_rows(&env.read("out/2026-10/metrics.csv"));
    let overall = row(&rows, "overall", "all");
    // Rows 4 and 10 now count; row 10's reply now counts too.
    assert_eq!(overall[2..5].join(","), "10,9,4");
    assert_eq!(overall[8], "3");
}

fn read_rows(env: &TestEnv, file: &str) -> Vec<Vec<String>> {
    csv_rows(&env.read(&format!("out/2026-10/{file}")))
}

#[test]
fn comparisons_match_the_hand_computation() {
    let env = TestEnv::new();
    metrics_rows(&env);
    let rows = read_rows(&env, "comparisons.csv");
    assert_eq!(rows[0].last().map(String::as_str), Some("period"));
    // Every comparison of the month is thin, so each is followed by its pooled twin.
    assert_eq!(rows.len(), 1 + 10 * 2);
    let in_period = |name: &str, metric: &str, period: &str| -> String {
        rows.iter()
            .find(|r| r[0] == name && r[1] == metric && r.last().unwrap() == period)
            .unwrap_or_else(|| panic!("no comparison {name}/{metric}/{period}"))
            .join(",")
    };
    let find = |name: &str, metric: &str| -> String {
        let row = in_period(name, metric, "2026-10");
        row.strip_suffix(",2026-10").unwrap().to_string()
    };
    assert_eq!(
        in_period(
            "recruitment_consultant_vs_candidate",
            "acceptance_rate",
            "2025-11..2026-10"
        ),
        "recruitment_consultant_vs_candidate,acceptance_rate,recruitment_consultant,candidate,3,5,0.6000,2,3,0.6667,-0.0667,-0.5252,0.4722,0.8504,2025-11..2026-10"
    );
    assert_eq!(
        find("recruitment_consultant_vs_candidate", "note_rate"),
        "recruitment_consultant_vs_candidate,note_rate,recruitment_consultant,candidate,1,6,0.1667,3,4,0.7500,-0.5833,-0.8292,0.0162,0.0651"
    );
    assert_eq!(
        find("recruitment_consultant_vs_candidate", "acceptance_rate"),
        "recruitment_consultant_vs_candidate,acceptance_rate,recruitment_consultant,candidate,2,4,0.5000,2,3,0.6667,-0.1667,-0.6098,0.4105,0.6592"
    );
    assert_eq!(
        find("personalised_vs_none", "acceptance_rate"),
        "personalised_vs_none,acceptance_rate,personalised,none,1,1,1.0000,2,4,0.5000,0.5000,-0.3672,0.8500,0.3613"
    );
    // Consultants sent no personalised note: that side is 0 of 0, so nothing can be said.
    assert_eq!(
        find("personalised_vs_none_within_recruitment_consultant", "acceptance_rate"),
        "personalised_vs_none_within_recruitment_consultant,acceptance_rate,recruitment_consultant|personalised,recruitment_consultant|none,0,0,,1,3,0.3333,,,,"
    );
}

#[test]
fn trend_covers_twelve_months_with_zeros_where_nothing_arrived() {
    let env = TestEnv::new();
    metrics_rows(&env);
    let rows = read_rows(&env, "trend.csv");
    assert_eq!(rows[0].join(","), "month,sender_category,invites,decided,accepted,acceptance_rate,responded,response_rate,note_rate,personalised_rate");
    // 2025-11 … 2026-10, each with all, candidate and recruitment_consultant.
    assert_eq!(rows.len(), 1 + 12 * 3);
    assert_eq!(rows[1].join(","), "2025-11,all,0,0,0,,0,,,");
    let find = |month: &str, category: &str| -> String {
        rows.iter()
            .find(|r| r[0] == month && r[1] == category)
            .unwrap()
            .join(",")
    };
    assert_eq!(
        find("2026-09", "recruitment_consultant"),
        "2026-09,recruitment_consultant,1,1,1,1.0000,0,0.0000,0.0000,0.0000"
    );
    assert_eq!(
        find("2026-10", "all"),
        "2026-10,all,10,7,4,0.5714,2,0.2857,0.4000,0.2000"
    );
    assert_eq!(
        find("2026-10", "candidate"),
        "2026-10,candidate,4,3,2,0.6667,1,0.3333,0.7500,0.5000"
    );
}

#[test]
fn companies_rank_by_invitations_in_the_month() {
    let env = TestEnv::new();
    metrics_rows(&env);
    let text = env.read("out/2026-10/companies.csv");
    assert_eq!(
        text,
        "sender_company,invites,with_note,note_rate,personalised_rate,acceptance_rate,main_category\n\
         Hays,4,0,0.0000,0.0000,0.3333,recruitment_consultant\n\
         Reed,2,1,0.5000,0.0000,1.0000,recruitment_consultant\n"
    );
}
