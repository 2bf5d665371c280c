//! The `invitescope` binary: parse the command line, run the library, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // For the manifest; `args()` would panic on an argument that is not UTF-8 (a file name),
    // before clap could say so.
    let arguments: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let cli = invitescope::cli::Cli::parse();
    let result = invitescope::config::Config::from_cli(cli, arguments)
        .and_then(|config| invitescope::run(&config));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("invitescope: error: {e:#}");
            // Exit codes are documented values below 256.
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(1))
        }
    }
}
