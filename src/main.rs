//! The `chatorder` binary: parse the command line and hand over to `chatorder::cli`.

use clap::Parser;

/// mimalloc: a message's parse makes hundreds of small, short-lived allocations, which
/// it serves in a fraction of the system allocator's instructions.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let cli = chatorder::config::Cli::parse();
    let code = chatorder::cli::run(cli)?;
    std::process::exit(code);
}
