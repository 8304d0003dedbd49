//! Runs every conversation in `tests/conversations/` through the real engine and
//! dialogue, with the same runner as `chatorder test`.

use std::path::Path;

use chatorder::cli::test::{report, run_dir};

mod common;

#[test]
fn every_shipped_conversation_passes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let catalog = common::shipped();
    let results = run_dir(catalog, &root.join("tests/conversations"), &chatorder::acts::understand).unwrap();
    assert!(results.len() >= 40, "only {} conversation files", results.len());
    let mut out = Vec::new();
    let code = report(&results, &mut out).unwrap();
    let text = String::from_utf8_lossy(&out);
    println!("{text}");
    assert_eq!(code, 0, "{text}");
}

/// A folder of helper-written conversations with the shipped menu holds its level.
fn holds_level(folder: &str, files: usize, intended_at_least: usize, wrong_at_most: usize) {
    common::holds_level(common::shipped(), folder, files, intended_at_least, wrong_at_most);
}

/// The 200 conversations that helpers wrote from the menu and README alone, without
/// reading the engine (`tests/conversations/fresh/`), the development set.
#[test]
fn fresh_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/fresh", 200, 200, 0);
}

/// 100 more, written the same way after the engine work on the first 200
/// (`tests/conversations/heldout/`): measured, not tuned for.
#[test]
fn heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout", 100, 100, 0);
}

/// 100 more, written by two helpers before this round of engine work
/// (`tests/conversations/heldout2/`): 81 exactly as intended and 9 wrong before it.
#[test]
fn second_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout2", 100, 98, 0);
}

/// 100 more, written before the third round (`tests/conversations/heldout3/`): 72
/// exactly as intended and 14 wrong when first measured.
#[test]
fn third_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout3", 100, 100, 0);
}

/// 100 more, written before the fourth round (`tests/conversations/heldout4/`: orders
/// for several people, halves, the shop's questions, changes after placing): 66 exactly
/// as intended and 24 wrong when first measured.
#[test]
fn fourth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout4", 100, 97, 2);
}

/// 100 more, written in the session after the fourth round from the menu, README and
/// test format alone (`tests/conversations/heldout5/`): 89 exactly as intended and 7
/// wrong when first measured, before any change.
#[test]
fn fifth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout5", 100, 99, 0);
}

/// 100 more, written before the sixth round by a helper who read only the menu, README
/// and the test format (`tests/conversations/heldout6/`): 93 exactly as intended and 5
/// wrong when first measured, before any change.
#[test]
fn sixth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout6", 100, 99, 1);
}

/// 100 more, written at the start of the seventh round the same way
/// (`tests/conversations/heldout7/`): 86 exactly as intended and 9 wrong when first
/// measured, before any change; the round's development set after that.
#[test]
fn seventh_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout7", 100, 100, 0);
}

/// 100 more, written during the seventh round by a helper asked for many kinds of
/// customers (`tests/conversations/heldout8/`): 78 exactly as intended and 15 wrong with
/// the round's starting engine, 81 and 13 when first run; worked on after that.
#[test]
fn eighth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout8", 100, 96, 3);
}

/// 100 more, written during the seventh round and only measured, never read
/// (`tests/conversations/heldout9/`): 76 exactly as intended and 20 wrong with the
/// seventh round's starting engine, 78 and 19 with the eighth's.
#[test]
fn ninth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout9", 100, 92, 6);
}

/// 100 more, written before the eighth round (`tests/conversations/heldout10/`): 90
/// exactly as intended and 9 wrong with its starting engine; worked on after that.
#[test]
fn tenth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout10", 100, 99, 1);
}

/// 100 more, written before the eighth round and only measured, never read
/// (`tests/conversations/heldout11/`): 89 exactly as intended and 6 wrong with its
/// starting engine.
#[test]
fn eleventh_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout11", 100, 96, 1);
}

/// 100 more, written during the eighth round and only measured, never read
/// (`tests/conversations/heldout12/`): 79 exactly as intended and 12 wrong with the
/// round's starting engine.
#[test]
fn twelfth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout12", 100, 92, 3);
}

/// 100 more, written during the eighth round by a helper asked for the hard parts of
/// conversations (`tests/conversations/heldout13/`): 74 exactly as intended and 18
/// wrong with the round's starting engine; worked on after that.
#[test]
fn thirteenth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout13", 100, 99, 1);
}

/// 100 more, written during the ninth round from the menu and the docs
/// (`tests/conversations/heldout14/`): 92 exactly as intended and 6 wrong with the
/// round's starting engine; worked on after that.
#[test]
fn fourteenth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout14", 100, 99, 1);
}

/// 100 more, written during the ninth round by a helper imagining a hundred different
/// customers, and only measured, never read (`tests/conversations/heldout15/`): 92
/// exactly as intended and 7 wrong with the round's starting engine.
#[test]
fn fifteenth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout15", 100, 96, 4);
}

/// 100 more, written during the ninth round for edits, references and answers after
/// the first message (`tests/conversations/heldout16/`): 84 exactly as intended and 14
/// wrong with the round's starting engine; worked on after that.
#[test]
fn sixteenth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout16", 100, 98, 1);
}

/// 100 more, written during the tenth round by a helper asked for people typing on
/// their phones in a hurry and changing their minds (`tests/conversations/heldout17/`):
/// 91 exactly as intended and 8 wrong with the round's starting engine; worked on after.
#[test]
fn seventeenth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout17", 100, 98, 2);
}

/// 100 more, written during the tenth round by a helper imagining a hundred kinds of
/// customer, and only measured, never read (`tests/conversations/heldout18/`): 96
/// exactly as intended and 2 wrong with the round's starting engine.
#[test]
fn eighteenth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout18", 100, 100, 0);
}

/// 100 more, written during the tenth round for orders fixed along the way
/// (`tests/conversations/heldout19/`): 86 exactly as intended and 13 wrong with the
/// round's starting engine; worked on after that.
#[test]
fn nineteenth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout19", 100, 98, 2);
}

/// 100 more, written during the eleventh round by a helper asked for customers who
/// talk while they order (`tests/conversations/heldout20/`): 96 exactly as intended
/// and 4 wrong with the round's starting engine; worked on after that.
#[test]
fn twentieth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout20", 100, 100, 0);
}

/// 100 more, written during the eleventh round by a helper imagining a hundred
/// first-time customers, and only measured, never read (`tests/conversations/heldout21/`):
/// 85 exactly as intended and 9 wrong with the round's starting engine.
#[test]
fn twenty_first_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout21", 100, 95, 4);
}

/// 100 more, written during the eleventh round by a helper imagining a hundred
/// customers each typing their own way (`tests/conversations/heldout22/`): 91 exactly
/// as intended and 7 wrong with the round's starting engine; worked on after that.
#[test]
fn twenty_second_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout22", 100, 100, 0);
}

/// 100 more, written during the twelfth round by a helper imagining real customers on
/// their phones, and only measured, never read (`tests/conversations/heldout23/`): 93
/// exactly as intended and 6 wrong with the round's starting engine.
#[test]
fn twenty_third_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout23", 100, 96, 3);
}

/// 100 more, written during the twelfth round by a helper asked for orders for several
/// people and their edits (`tests/conversations/heldout24/`): 75 exactly as intended
/// and 21 wrong with the round's starting engine; worked on after that.
#[test]
fn twenty_fourth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout24", 100, 99, 1);
}

/// 100 more, written during the thirteenth round by a helper imagining a week of real
/// traffic, and only measured, never read (`tests/conversations/heldout25/`): 89
/// exactly as intended and none wrong with the round's starting engine.
#[test]
fn twenty_fifth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout25", 100, 89, 0);
}

/// 100 more, written during the thirteenth round by a helper asked for edits in every
/// shape (`tests/conversations/heldout26/`): 72 exactly as intended and 4 wrong with
/// the round's starting engine; worked on after that.
#[test]
fn twenty_sixth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout26", 100, 77, 0);
}

/// 100 more, written during the thirteenth round by a helper asked for customers who
/// decide out loud, asking before they order (`tests/conversations/heldout27/`): 76
/// exactly as intended and 7 wrong with the round's starting engine; worked on after
/// that.
#[test]
fn twenty_seventh_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout27", 100, 86, 0);
}

/// 100 more, written during the thirteenth round by a helper imagining a busy Friday
/// night, and only measured, never read (`tests/conversations/heldout28/`): 95 exactly
/// as intended and 5 wrong with the round's starting engine.
#[test]
fn twenty_eighth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout28", 100, 96, 4);
}

/// 60 more, written during the thirteenth round by a helper asked for first-time
/// customers naming things in their own words (`tests/conversations/heldout29/`): 55
/// exactly as intended and 2 wrong with the round's starting engine; worked on after
/// that.
#[test]
fn twenty_ninth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout29", 60, 60, 0);
}

/// 100 more, written during the fourteenth round by a helper imagining a Saturday lunch
/// rush, and only measured, never read (`tests/conversations/heldout30/`): 95 exactly
/// as intended and 4 wrong with the round's starting engine.
#[test]
fn thirtieth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout30", 100, 96, 3);
}

/// 100 more, written during the fourteenth round by a helper asked for messages typed
/// the way people type them (`tests/conversations/heldout31/`): 83 exactly as intended
/// and 11 wrong with the round's starting engine; worked on after that.
#[test]
fn thirty_first_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout31", 100, 96, 3);
}

/// 100 more, written at the end of the fourteenth round by a helper imagining a weekday
/// evening at a neighbourhood pizzeria, and only measured, never read
/// (`tests/conversations/heldout32/`): 99 exactly as intended and 1 wrong with the
/// round's starting engine and with its last.
#[test]
fn thirty_second_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout32", 100, 100, 0);
}

/// 100 more, written at the start of the fifteenth round by a helper imagining a
/// Sunday evening with families and groups (`tests/conversations/heldout33/`): 79
/// exactly as intended and 16 wrong with the round's starting engine; worked on after
/// that.
#[test]
fn thirty_third_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout33", 100, 94, 4);
}

/// 100 more, written at the start of the fifteenth round by a helper imagining office
/// lunch orders and students late at night, and only measured, never read
/// (`tests/conversations/heldout34/`): 84 exactly as intended and 13 wrong with the
/// round's starting engine.
#[test]
fn thirty_fourth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout34", 100, 88, 11);
}

/// 100 more, written mid fifteenth round by a helper imagining a week at a pizzeria near
/// a university and an office park (`tests/conversations/heldout35/`): 75 exactly as
/// intended and 20 wrong with the round's starting engine; worked on after that.
#[test]
fn thirty_fifth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout35", 100, 87, 12);
}

/// 100 more, written late in the fifteenth round by a helper imagining a rainy weeknight
/// delivery rush, and only measured, never read (`tests/conversations/heldout36/`): 88
/// exactly as intended and 12 wrong with the round's starting engine, 89 and 11 when
/// the round's later rules came in.
#[test]
fn thirty_sixth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout36", 100, 91, 9);
}

/// 100 more, written at the start of the sixteenth round by a helper imagining game night
/// (watch parties, drinks by the dozen, friends changing their minds), and only
/// measured, never read (`tests/conversations/heldout37/`): 82 exactly as intended and
/// 12 wrong with the round's starting engine, 84 and 11 at its end.
#[test]
fn thirty_seventh_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout37", 100, 86, 9);
}

/// 100 more, written at the start of the sixteenth round by a helper imagining customers
/// who correct themselves (`tests/conversations/heldout38/`): 68 exactly as intended
/// and 26 wrong with the round's starting engine; worked on after that (85 and 10).
#[test]
fn thirty_eighth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout38", 100, 90, 7);
}

/// 100 more, written early in the sixteenth round by a helper imagining households
/// ordering together (`tests/conversations/heldout39/`): 72 exactly as intended and 20
/// wrong with the round's starting engine; worked on after that (76 and 16).
#[test]
fn thirty_ninth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout39", 100, 89, 8);
}

/// 100 more, written early in the sixteenth round by a helper imagining a normal
/// Tuesday, and only measured, never read (`tests/conversations/heldout40/`): 91
/// exactly as intended and 8 wrong with the round's starting engine, 92 and 7 at its
/// end.
#[test]
fn fortieth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout40", 100, 93, 6);
}

/// 100 more, written at the start of the seventeenth round by a helper imagining a
/// Friday lunchtime and evening, and only measured, never read
/// (`tests/conversations/heldout41/`): 92 exactly as intended and 5 wrong with the
/// round's starting engine, the same at its end.
#[test]
fn forty_first_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout41", 100, 93, 4);
}

/// 100 more, written at the start of the seventeenth round by a helper imagining edits
/// of every kind, said as people say them (`tests/conversations/heldout42/`): 67
/// exactly as intended and 27 wrong with the round's starting engine; worked on after
/// that (88 and 10).
#[test]
fn forty_second_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout42", 100, 89, 9);
}

/// 100 more, written at the start of the eighteenth round by a helper imagining a
/// holiday weekend, and only measured, never read (`tests/conversations/heldout43/`):
/// 92 exactly as intended and 5 wrong with the round's starting engine.
#[test]
fn forty_third_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout43", 100, 93, 5);
}

/// 100 more, written at the start of the eighteenth round by a helper asked for
/// conversations, not just orders: questions about what was just ordered, yes said in
/// many ways, chatter, pizzas shared out in halves, someone else's wishes, edits said
/// as wishes (`tests/conversations/heldout44/`): 78 exactly as intended and 14 wrong
/// with the round's starting engine; worked on after that.
#[test]
fn forty_fourth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout44", 100, 95, 3);
}

/// 100 more, written at the start of the nineteenth round by a helper imagining a
/// Thursday at a busy pizzeria, and only measured, never read
/// (`tests/conversations/heldout45/`): 87 exactly as intended and 11 wrong with the
/// round's starting engine.
#[test]
fn forty_fifth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout45", 100, 89, 10);
}

/// 100 more, written at the start of the nineteenth round by a helper asked for
/// customers who talk back: partial answers to the bot's questions, orders begun with a
/// size alone, questions about a line of the cart ("how much is mine?", "is the
/// hawaiian a large too?"), edits of one line among several
/// (`tests/conversations/heldout46/`): 67 exactly as intended and 19 wrong with the
/// round's starting engine; worked on after that (83 and 13; 89 and 9 in the
/// twentieth round).
#[test]
fn forty_sixth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout46", 100, 90, 8);
}

/// 100 more, written at the start of the twentieth round by a helper imagining a
/// household ordering on a Saturday night; the helper was not given the rules for
/// independent material (it wrote its files with a generator and looked at another
/// set), so the set is developed on, not held out (`tests/conversations/heldout47/`):
/// 71 exactly as intended and 19 wrong with the round's starting engine; 87 and 10
/// after it.
#[test]
fn forty_seventh_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout47", 100, 90, 7);
}

/// 100 more on the same theme, written by hand under the rules and only measured,
/// never read (`tests/conversations/heldout48/`): 78 exactly as intended and 19 wrong
/// with the twentieth round's starting engine.
#[test]
fn forty_eighth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout48", 100, 79, 18);
}

/// 100 more, written at the start of the twenty-first round by a helper imagining
/// customers who ask before they buy (what is on a pizza, whether it is vegetarian,
/// prices), by hand under the rules, and only measured, never read
/// (`tests/conversations/heldout49/`): 62 exactly as intended and 21 wrong with the
/// round's starting engine.
#[test]
fn forty_ninth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout49", 100, 66, 21);
}

/// 100 more on the same theme by another helper under the same rules, developed on
/// (`tests/conversations/heldout50/`): 84 exactly as intended and 7 wrong with the
/// twenty-first round's starting engine; 93 and 3 after it.
#[test]
fn fiftieth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout50", 100, 94, 4);
}

/// 100 more, written at the start of the twenty-second round by a helper imagining the
/// read-back and after (confirming, correcting, adding and asking at the read-back,
/// thanks after placing), by hand under the rules, and only measured, never read
/// (`tests/conversations/heldout51/`): 84 exactly as intended and 7 wrong with the
/// round's starting engine.
#[test]
fn fifty_first_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout51", 100, 84, 7);
}

/// 100 more on the same theme by another helper under the same rules, developed on
/// (`tests/conversations/heldout52/`): 87 exactly as intended and 7 wrong with the
/// twenty-second round's starting engine; 96 and 1 after it; 97 and 0 after the
/// twenty-third.
#[test]
fn fifty_second_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout52", 100, 97, 0);
}

/// 100 more, written at the start of the twenty-third round by a helper imagining
/// customers typing on phones (shorthand, typos, run-on messages that do several things),
/// by hand under the rules, and only measured, never read
/// (`tests/conversations/heldout53/`): 90 exactly as intended and 6 wrong with the
/// round's starting engine; 93 and 4 after it.
#[test]
fn fifty_third_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout53", 100, 93, 4);
}

/// 100 more on the same theme by another helper under the same rules, developed on
/// (`tests/conversations/heldout54/`): 91 exactly as intended and 6 wrong with the
/// twenty-third round's starting engine; 98 and 2 after it.
#[test]
fn fifty_fourth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout54", 100, 98, 2);
}

/// 100 more, written at the start of the twenty-fourth round by a helper imagining
/// customers whose English is not their first language and older customers writing
/// formal, long messages, by hand under the rules, and only measured, never read
/// (`tests/conversations/heldout55/`): 75 exactly as intended and 10 wrong with the
/// round's starting engine; 78 and 10 after it (80 and 9 after the twenty-fifth).
#[test]
fn fifty_fifth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout55", 100, 80, 9);
}

/// 100 more on the same theme by another helper under the same rules, developed on
/// (`tests/conversations/heldout56/`): 67 exactly as intended and 17 wrong with the
/// twenty-fourth round's starting engine; 88 and 10 after it.
#[test]
fn fifty_sixth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout56", 100, 88, 10);
}

/// 100 more, written at the start of the twenty-fifth round by a helper imagining
/// customers with dietary needs and preferences (allergies, vegetarians and vegans,
/// picky children, reasons given beside the request), by hand under the rules, and only
/// measured, never read (`tests/conversations/heldout57/`): 70 exactly as intended and
/// 18 wrong with the round's starting engine, and after it.
#[test]
fn fifty_seventh_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout57", 100, 70, 18);
}

/// 100 more on the same theme by another helper under the same rules, developed on
/// (`tests/conversations/heldout58/`): 77 exactly as intended and 15 wrong with the
/// twenty-fifth round's starting engine; 81 and 14 after it.
#[test]
fn fifty_eighth_heldout_conversations_stay_at_their_measured_level() {
    holds_level("tests/conversations/heldout58", 100, 81, 14);
}

/// Thousands of turns mixing the scenarios' messages in a scrambled order: the dialogue
/// never panics, always replies, and its state keeps its invariants.
#[test]
fn scrambled_conversations_keep_the_state_valid() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let catalog = common::shipped();
    let mut phrases: Vec<String> = Vec::new();
    for dir in ["tests/conversations", "tests/conversations/fresh"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                continue;
            }
            let text = std::fs::read_to_string(path).unwrap();
            let says = text.lines().filter_map(|l| l.strip_prefix("say = "));
            phrases.extend(says.map(|s| s.trim_matches('"').to_owned()));
        }
    }
    phrases.sort();
    assert!(phrases.len() > 50);
    // A fixed linear congruential sequence: the same "random" conversations every run.
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..40 {
        let mut session = chatorder::dialogue::Session::new();
        for _ in 0..60 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let text = &phrases[(x >> 33) as usize % phrases.len()];
            let parse = chatorder::acts::understand(catalog, text);
            let turn = session.send(catalog, &parse);
            assert!(!turn.reply.trim().is_empty(), "no reply to {text:?}");
            turn.state.check(catalog).unwrap_or_else(|e| panic!("{e} after {text:?}: {:?}", turn.state));
        }
    }
}
