import Explain

/// The commands a notebook understands, looked up by name or alias.
package struct CommandRegistry: Sendable {
    /// Commands in the order `help` lists them.
    public let commands: [Command]
    private let byName: [String: Int]

    public init(_ commands: [Command]) {
        self.commands = commands
        var byName: [String: Int] = [:]
        for (index, command) in commands.enumerated() {
            for name in [command.name] + command.aliases where byName[name] == nil {
                byName[name] = index
            }
        }
        self.byName = byName
    }

    /// The command invoked by `word` (its name or an alias).
    public func command(named word: String) -> Command? {
        byName[word].map { commands[$0] }
    }

    /// The command name closest to a mistyped `word`.
    package func suggestion(for word: String) -> String? {
        Suggestion.closest(to: word, among: byName.keys)
    }
}
