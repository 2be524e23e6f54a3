/// How many terminal columns text takes: East Asian Wide and Fullwidth characters (Chinese,
/// Japanese, Korean, fullwidth punctuation such as ，。「」) take two, combining marks and
/// zero-width characters none, everything else one — what `wcwidth` says, for the ranges
/// that occur in Gradbook's text. ANSI colour codes take none.
package enum DisplayWidth {
    /// The columns of one character (a grapheme: its first scalar decides).
    package static func of(_ character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        return of(scalar)
    }

    package static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x300 { return v < 0x20 || (0x7F..<0xA0).contains(v) ? 0 : 1 }
        // Combining marks and zero-width characters.
        if (0x300...0x36F).contains(v) || (0x200B...0x200F).contains(v) || (0xFE00...0xFE0F).contains(v) {
            return 0
        }
        return wide(v) ? 2 : 1
    }

    /// Whether a scalar is East Asian Wide or Fullwidth.
    package static func wide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v)
    }

    /// The columns of `text`, ANSI escape sequences (ESC … letter) excepted.
    package static func of(_ text: some StringProtocol) -> Int {
        var columns = 0
        var inEscape = false
        for character in text {
            if inEscape {
                if character.isLetter { inEscape = false }
            } else if character == "\u{1B}" {
                inEscape = true
            } else {
                columns += of(character)
            }
        }
        return columns
    }

    /// The longest prefix of `text` that fits `columns` (at least one character, so that a
    /// cut always makes progress).
    package static func prefix(_ text: Substring, fitting columns: Int) -> Substring {
        var used = 0
        var end = text.startIndex
        for index in text.indices {
            let width = of(text[index])
            if used + width > columns, end > text.startIndex { break }
            used += width
            end = text.index(after: index)
        }
        return text[..<end]
    }

    /// Closing punctuation that a line may not start with (it stays with the character before
    /// it), and opening punctuation that a line may not end with — Chinese line-breaking rules.
    package static let closing: Set<Character> = [
        "，", "。", "、", "；", "：", "！", "？", "）", "」", "』", "】", "》", "〉", "…", "—", "”", "’", ",", ".", ";",
        ":", "!", "?", ")", "]",
    ]
    package static let opening: Set<Character> = ["（", "「", "『", "【", "《", "〈", "“", "‘"]

    /// The pieces a word may break between without a space: each wide character alone (with
    /// the closing punctuation after it and the opening punctuation before it), and each run of
    /// other characters whole. A word of no wide characters is one piece.
    package static func pieces(_ word: String) -> [String] {
        guard word.unicodeScalars.contains(where: { wide($0.value) }) else { return [word] }
        var pieces: [String] = []
        var run = ""
        var pendingOpen = ""
        func flush() {
            if !run.isEmpty { pieces.append(run) }
            run = ""
        }
        for character in word {
            if opening.contains(character) {
                flush()
                pendingOpen.append(character)
            } else if closing.contains(character), !pieces.isEmpty || !run.isEmpty {
                if run.isEmpty { pieces[pieces.count - 1].append(character) } else { run.append(character) }
            } else if of(character) == 2 {
                flush()
                pieces.append(pendingOpen + String(character))
                pendingOpen = ""
            } else {
                if run.isEmpty { run = pendingOpen }
                pendingOpen = ""
                run.append(character)
            }
        }
        flush()
        if !pendingOpen.isEmpty { pieces.append(pendingOpen) }
        return pieces
    }
}
