//! The `chatorder` binary: parse the command line and hand over to `chatorder::cli`.

use clap::Parser;

fn main() -> anyhow::Result<()> {
    let cli = chatorder::config::Cli::parse();
    let code = chatorder::cli::run(cli)?;
    std::process::exit(code);
}
