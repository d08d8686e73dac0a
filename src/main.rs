use clap::Parser;

fn main() -> std::process::ExitCode {
    if let Err(e) = s136::logging::init() {
        eprintln!("s136: {e:#}");
        return std::process::ExitCode::FAILURE;
    }
    match s136::cli::run(s136::cli::Cli::parse()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("s136: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
