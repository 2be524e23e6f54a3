import Session

extension Command {
    /// `echo TEXT`: a line of text in the output, as the shell's echo.
    static let echo = Command(
        name: "echo",
        abstract: "Print a line of text as it is (a note in a script or a notebook's output)",
        usage: "echo TEXT",
        examples: ["echo hello, world", "echo --- now with momentum ---"],
        parsing: .raw("the rest of the statement is the text, printed as typed (a ; ends it, a # starts a comment)")
    ) { invocation throws(NotebookError) in
        Reply([.text(invocation.arguments.text)])
    }
}
