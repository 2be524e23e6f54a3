import Rendering
import Testing

@testable import Notebook

@Suite struct LogScheduleTests {
    func shown(_ log: LogSchedule) -> [Int] { (log.first...log.last).filter(log.shows) }

    @Test func aShortRunShowsEveryLine() {
        #expect(shown(.epochs(first: 1, count: 6, verbose: 1)) == Array(1...6))
        #expect(LogSchedule.epochs(first: 1, count: 6, verbose: 1).omission("epoch") == nil)
    }

    @Test func aLongRunShowsTheFirstEveryKthAndTheLast() {
        #expect(shown(.epochs(first: 1, count: 60, verbose: 1)) == [1, 20, 40, 60])
        #expect(shown(.epochs(first: 1, count: 30, verbose: 1)) == [1, 10, 20, 30])
        #expect(shown(.epochs(first: 1, count: 10, verbose: 1)) == [1, 5, 10])
        #expect(shown(.epochs(first: 1, count: 7, verbose: 1)) == [1, 2, 4, 6, 7])
        // Epochs are numbered per model: the second fit of 30 runs 31…60.
        #expect(shown(.epochs(first: 31, count: 30, verbose: 1)) == [31, 40, 50, 60])
        #expect(shown(.steps(count: 200, verbose: 1)) == [1, 50, 100, 150, 200])
        #expect(shown(.steps(count: 1000, verbose: 1)) == [1, 200, 400, 600, 800, 1000])
        // `step 50` after 200 steps: numbered 201 … 250.
        #expect(shown(.steps(first: 201, count: 50, verbose: 1)) == [201, 210, 220, 230, 240, 250])
        #expect(LogSchedule.steps(count: 200, verbose: 1).omission("step") == "every 50th step; verbose=2: all")
        #expect(LogSchedule.epochs(first: 1, count: 7, verbose: 1).omission("epoch")?.hasPrefix("every 2nd") == true)
    }

    @Test func verboseTwoShowsAllAndZeroNone() {
        #expect(shown(.epochs(first: 1, count: 60, verbose: 2)) == Array(1...60))
        #expect(shown(.epochs(first: 1, count: 60, verbose: 0)).isEmpty)
    }
}
