import Foundation
import Rendering
import TestSupport
import Testing

@testable import Notebook

/// Scripts run through the interpreter, compared line for line with reviewed transcripts.
/// To accept a deliberate change: GRADBOOK_UPDATE_TRANSCRIPTS=1 swift test --filter Transcript
@Suite struct TranscriptTests {
    static let directory = packageRoot() + "/Tests/NotebookTests/Transcripts"

    @Test(arguments: ["walkthrough", "errors"])
    func matchesTheReviewedTranscript(_ name: String) throws {
        let script = try String(contentsOfFile: "\(Self.directory)/\(name).gb", encoding: .utf8)
        let notebook = Notebook()
        let renderer = TextRenderer()
        var transcript = ""
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            if let cell = notebook.execute(String(line)) { transcript += renderer.transcript(cell) + "\n" }
        }
        let expectedPath = "\(Self.directory)/\(name).out"
        let expected = (try? String(contentsOfFile: expectedPath, encoding: .utf8)) ?? ""
        // Update mode writes the new transcript and fails if it changed, as snapshot tests do
        // when they record: a run that rewrote its reference has compared nothing.
        if ProcessInfo.processInfo.environment["GRADBOOK_UPDATE_TRANSCRIPTS"] != nil, transcript != expected {
            try transcript.write(toFile: expectedPath, atomically: true, encoding: .utf8)
            Issue.record("\(name).out rewritten: review the diff, then run again without GRADBOOK_UPDATE_TRANSCRIPTS")
            return
        }
        let got = transcript.split(separator: "\n", omittingEmptySubsequences: false)
        let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, (g, w)) in zip(got, want).enumerated() where g != w {
            Issue.record("\(name) line \(index + 1):\n  got:  \(g)\n  want: \(w)")
            break
        }
        #expect(got.count == want.count)
    }
}
