//! CLINC150's train and validation splits (../shared/data/clinc150, not shipped) replayed
//! through `chatorder eval --clinc`: the figures may only get better. Runs when the data
//! is there, is mandatory under `CI`, and otherwise skips with a notice.

use std::path::Path;
use std::process::Command;

fn figure(out: &str, prefix: &str) -> usize {
    let line = out.lines().find(|l| l.starts_with(prefix)).unwrap_or_else(|| panic!("no line {prefix:?} in\n{out}"));
    let n = line[prefix.len()..].trim_start_matches(':').trim().split(' ').next().unwrap_or("");
    n.parse().unwrap_or_else(|_| panic!("no figure in {line:?}"))
}

#[test]
fn clinc_messages_leave_carts_alone_and_acts_are_understood() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = root.join("../shared/data/clinc150/clinc150_train_val.json");
    if !data.exists() {
        assert!(std::env::var_os("CI").is_none(), "CI is set but {} is missing", data.display());
        println!("skipped: {} is not there", data.display());
        return;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_chatorder"))
        .current_dir(root)
        .args(["eval", "--clinc", "--failures", "0"])
        .arg(&data)
        .output()
        .expect("runs chatorder eval");
    let out = String::from_utf8_lossy(&out.stdout).into_owned();
    println!("{out}");
    assert!(figure(&out, "  changed a cart (either)") <= 5, "{out}");
    assert!(figure(&out, "yes at the read-back placed the order") >= 117, "{out}");
    assert_eq!(figure(&out, "no at the read-back left the order unplaced"), 120, "{out}");
    assert!(figure(&out, "greetings, thanks and goodbyes understood") >= 344, "{out}");
}

/// The CLINC-style messages helpers wrote in two later rounds (`tests/data/clinc_like/`,
/// shipped): each held at its measured level.
#[test]
fn fresh_clinc_style_messages_hold_their_levels() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // (file, most carts changed, fewest yes placed, fewest social understood; no "no" places)
    for (file, changed, yes, social, no) in [("heldout3.json", 0, 59, 119, 40), ("heldout4.json", 1, 75, 140, 50)] {
        let out = Command::new(env!("CARGO_BIN_EXE_chatorder"))
            .current_dir(root)
            .args(["eval", "--clinc", "--failures", "0"])
            .arg(root.join("tests/data/clinc_like").join(file))
            .output()
            .expect("runs chatorder eval");
        let out = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(figure(&out, "  changed a cart (either)") <= changed, "{file}: {out}");
        assert!(figure(&out, "yes at the read-back placed the order") >= yes, "{file}: {out}");
        assert_eq!(figure(&out, "no at the read-back left the order unplaced"), no, "{file}: {out}");
        assert!(figure(&out, "greetings, thanks and goodbyes understood") >= social, "{file}: {out}");
    }
}
