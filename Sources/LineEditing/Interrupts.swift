import CEditLine

/// Ctrl-C during a long command (training): a flag the command polls, so it can stop
/// cleanly after the current batch instead of the process dying.
public enum Interrupts {
    /// Installs the SIGINT handler (the line editor installs it too).
    public static func install() { gb_install_sigint() }

    /// True once for every Ctrl-C since the last call.
    public static func take() -> Bool { gb_take_sigint() != 0 }
}
