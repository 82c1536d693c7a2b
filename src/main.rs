fn main() -> std::process::ExitCode {
    inferplan::cli::main()
}
