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
        #expect(said("check (a + b) == 3") == "✓ (a + b) = 3.0")
        #expect(said("check a < 3") == "✓ a = 2.0 < 3 = 3.0")
        #expect(said("check a <= 2") == "✓ a = 2.0 <= 2 = 2.0")
        #expect(said("check a > 3") == "✗ a = 2.0, expected > 3.0")
        #expect(said("check a >= 2.5") == "✗ a = 2.0, expected >= 2.5")
        #expect(said("check a != 2").hasPrefix("✗"))
        #expect(said("check a != 2.1").hasPrefix("✓"))
    }

    /// 14.0003 is within 1e-4 relative of 14; with tol=1e-6 the 3h it differs by shows.
    @Test func toleranceIsExplicit() {
        _ = notebook.execute("x = 14.0003")
        #expect(said("check x == 14").hasPrefix("✓"))
        #expect(said("check x == 14 tol=1e-6") == "✗ x = 14.0003, expected 14.0 (tol 1e-06)")
        #expect(said("check x == 14.0003 tol=1e-6").hasPrefix("✓"))
        #expect(said("check x == 14 tol=-1").contains("must be a number ≥ 0"))
    }

    @Test func tensorsCompareElementByElement() {
        _ = notebook.execute("t = [1.0, 2.0, 3.0]")
        #expect(said("check t > 0") == "✓ t > 0: all 3 elements")
        #expect(said("check t < 3") == "✗ t = 3 elements (element 2: 3.0), expected < 3.0")
        #expect(said("check t[1] == 2").hasPrefix("✓"))
        #expect(said("check sum(t) == 6").hasPrefix("✓"))
        #expect(said("check t == [1, 2, 3]") == "✓ t == [1, 2, 3]: 3 elements, largest difference 0.0")
        // A wrong prediction is named as the expected side: the guess is wrong, not the result.
        _ = notebook.execute("guess = 3")
        #expect(said("check t[1] == guess") == "✗ t[1] = 2.0, expected guess = 3.0")
        #expect(said("check t == [1, 2]").contains("3 elements and [1, 2] has 2"))
    }

    @Test func bareCheckRerunsTheStepsChecks() {
        #expect(said("check").contains("bare 'check' needs a lesson step"))
        _ = notebook.execute("lesson 1")
        _ = notebook.execute("next")
        _ = notebook.execute("x = 3.0")
        _ = notebook.execute("y = 3*x^2 - 4*x + 5")
        _ = notebook.execute("backward y")
        #expect(said("check") == "✓ x.grad = 14.0")
    }
}
