/// A picture kept at the bottom of a terminal while a command writes lines (`train …
/// watch=boundary`): a completed line goes above the picture at once, the picture is drawn
/// again under it, and the line the cursor is on (a live progress bar) stays under the
/// picture. The picture never scrolls away, so redrawing it in place always finds it.
final class LivePicture {
    /// The picture's lines on the screen (none: nothing is kept at the bottom).
    private(set) var lines: [String] = []
    /// What the cursor's line shows: the text after its last carriage return.
    private var current = ""

    /// Writes `text` (carriage returns and newlines as a terminal takes them).
    func write(_ text: String) {
        var completed: [String] = []
        var line = current
        let pieces = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, piece) in pieces.enumerated() {
            // A carriage return starts the line over: what follows the last one is what shows.
            line = piece.lastIndex(of: "\r").map { String(piece[piece.index(after: $0)...]) } ?? line + piece
            if index < pieces.count - 1 {
                completed.append(line)
                line = ""
            }
        }
        current = line
        guard !lines.isEmpty, !completed.isEmpty else {
            print(text, terminator: "")
            return
        }
        var out = "\r\u{1B}[\(lines.count)A\u{1B}[J"
        for line in completed + lines { out += line + "\u{1B}[K\n" }
        print(out + current, terminator: "")
    }

    /// Draws `picture` in place of the one shown (the first time, on the cursor's line), with
    /// the cursor's line under it.
    func show(_ picture: [String]) {
        var out = "\r" + (lines.isEmpty ? "" : "\u{1B}[\(lines.count)A") + "\u{1B}[J"
        for line in picture { out += line + "\u{1B}[K\n" }
        print(out + current, terminator: "")
        lines = picture
    }

    /// Leaves the picture where it is: what follows is written under it as usual.
    func release() { lines = [] }
}
