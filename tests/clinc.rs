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
    assert!(figure(&out, "yes at the read-back placed the order") >= 113, "{out}");
    assert_eq!(figure(&out, "no at the read-back left the order unplaced"), 120, "{out}");
    assert!(figure(&out, "greetings, thanks and goodbyes understood") >= 342, "{out}");
}
