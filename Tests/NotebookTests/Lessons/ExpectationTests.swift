import Lessons
import Rendering
import Session
import TestSupport
import Testing

@testable import Notebook

/// `check`: every relation, an explicit tolerance, tensors element by element, parenthesised
/// sides, and bare `check` re-running a step's checks.
@Suite struct ExpectationTests {
    let notebook = Notebook(session: Session(lessons: LessonLibrary(directory: packageRoot() + "/Lessons")))

    func said(_ line: String) -> String { TextRenderer().render(notebook.execute(line)!) }

    @Test func relationsHoldOrFailWithTheNumbers() {
        _ = notebook.execute("a = 2; b = 1")
        // Both sides, each as its expression and value; a plain number once.
        #expect(said("check (a + b) == 3") == "✓ (a + b) = 3.0 == 3")
        #expect(said("check a < 3") == "✓ a = 2.0 < 3")
        #expect(said("check a <= 2") == "✓ a = 2.0 <= 2")
        #expect(said("check a < b + 2") == "✓ a = 2.0 < b + 2 = 3.0")
        #expect(said("check a > 3") == "✗ a = 2.0 > 3 does not hold")
        #expect(said("check a >= 2.5") == "✗ a = 2.0 >= 2.5 does not hold")
        #expect(said("check a != 2").hasPrefix("✗"))
        #expect(said("check a != 2.1").hasPrefix("✓"))
    }

    /// 14.0003 is within 1e-4 relative of 14; with tol=1e-6 the 3h it differs by shows.
    @Test func toleranceIsExplicit() {
        _ = notebook.execute("x = 14.0003")
        #expect(said("check x == 14").hasPrefix("✓"))
        #expect(said("check x == 14 tol=1e-6") == "✗ x = 14.0003 == 14 does not hold (tol 1e-06)")
        #expect(said("check x == 14.0003 tol=1e-6").hasPrefix("✓"))
        #expect(said("check x == 14 tol=-1").contains("must be a number ≥ 0"))
    }

    @Test func tensorsCompareElementByElement() {
        _ = notebook.execute("t = [1.0, 2.0, 3.0]")
        #expect(said("check t > 0") == "✓ t > 0: all 3 elements")
        #expect(said("check t < 3") == "✗ t = 3 elements (element 2: 3.0) < 3 does not hold")
        #expect(said("check t[1] == 2").hasPrefix("✓"))
        #expect(said("check sum(t) == 6").hasPrefix("✓"))
        #expect(said("check t == [1, 2, 3]") == "✓ t == [1, 2, 3]: 3 elements, largest difference 0.0")
        _ = notebook.execute("guess = 3")
        #expect(said("check t[1] == guess") == "✗ t[1] = 2.0 == guess = 3.0 does not hold")
        #expect(said("check t == [1, 2]").contains("3 elements and [1, 2] has 2"))
    }

    @Test func bareCheckRerunsTheStepsChecks() {
        #expect(said("check").contains("bare 'check' needs a lesson step"))
        _ = notebook.execute("lesson 1")
        _ = notebook.execute("next")
        _ = notebook.execute("x = 3.0")
        _ = notebook.execute("y = 3*x^2 - 4*x + 5")
        _ = notebook.execute("backward y")
        #expect(said("check") == "✓ x.grad = 14.0 == 14")
    }

    /// In a lesson step that asks for a prediction, a check that reads it and fails says that
    /// the prediction missed (not that the result is wrong).
    @Test func aMissedPredictionReadsAsSuch() {
        _ = notebook.execute("lesson 1")
        for _ in 0..<3 { _ = notebook.execute("next") }
        _ = notebook.execute("guess = 5")
        _ = notebook.execute("a = 2.0; b = -3.0; c = 10.0; f = -2.0; e = a*b; d = e + c; L = d * f; backward L")
        #expect(
            said("check a.grad == guess")
                == "✗ your prediction guess = 5.0 missed: a.grad = 6.0 == guess = 5.0 does not hold"
        )
    }

    /// `name = ?` (an exported lesson without answers) is a note, not an error; what uses the
    /// name is skipped with a note until a number is typed.
    @Test func anUntypedPredictionIsSkipped() {
        let cell = notebook.execute("# your prediction\nguess = ?")!
        #expect(!cell.failed && TextRenderer().render(cell).contains("your prediction is not typed yet"))
        let uses = notebook.execute("x = guess * 2\ny = 1")!
        #expect(!uses.failed && TextRenderer().render(uses).contains("skipped: this uses your prediction guess"))
        #expect(notebook.session["y"] == nil)
        let check = notebook.execute("check guess == 6")!
        #expect(!check.failedCheck && TextRenderer().render(check).contains("skipped"))
        _ = notebook.execute("guess = 6")
        #expect(said("check guess == 6").hasPrefix("✓"))
    }

    /// A check that does not hold fails its cell: a script exits non-zero, a kernel replies
    /// with status error (RichRenderer makes it an error output).
    @Test func aFailedCheckFailsTheCell() {
        _ = notebook.execute("a = 2")
        #expect(notebook.execute("check a == 3")!.failedCheck)
        #expect(!notebook.execute("check a == 2")!.failedCheck)
        let rich = RichRenderer().render(.check(passed: false, message: "a = 2.0 == 3 does not hold"))
        guard case .error(let name, let value, _) = rich.first else {
            Issue.record("a failed check is not an error output: \(rich)")
            return
        }
        #expect(name == "CheckFailed" && value.contains("does not hold"))
    }
}
