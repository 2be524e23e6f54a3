import Foundation
import Randomness
import Testing

@testable import Datasets

@Suite struct DatasetTests {
    @Test func csvWithNamedClassesQuotesAndBlankLines() throws {
        let data = try CSV.parse(
            """
            sepal, petal ,species
            5.1,1.4,setosa

            "7.0",4.7,versicolor
            6.3,6.0,virginica
            4.9,1.4,setosa
            """, label: "species")
        #expect(data.count == 4 && data.sampleShape == [2])
        #expect(data.classNames == ["setosa", "versicolor", "virginica"])
        #expect(data.label(3) == 0 && data.sample(1) == [7.0, 4.7])
    }

    @Test func csvErrorsNameLineAndColumn() {
        #expect(throws: DatasetError.invalid("csv line 3, column 'a': 'x' is not a number")) {
            try CSV.parse("a,b,y\n1,2,0\nx,2,1", label: "y")
        }
        #expect(throws: DatasetError.invalid("csv line 2: 2 values, the header has 3")) {
            try CSV.parse("a,b,y\n1,2", label: "y")
        }
        #expect {
            try CSV.parse("a,b,label\n1,2,0", label: "lable")
        } throws: { ($0 as? DatasetError)?.description.contains("did you mean 'label'?") == true }
        #expect(throws: DatasetError.invalid("csv: a header but no rows")) { try CSV.parse("a,y\n", label: "y") }
        #expect(throws: DatasetError.invalid("csv: the file is empty")) { try CSV.parse("", label: "y") }
        #expect(throws: DatasetError.self) { try CSV.load("/nonexistent.csv", label: "y") }
    }

    @Test func csvRegressionAndNumericClasses() throws {
        let regression = try CSV.parse("x,y\n1,0.5\n2,1.5", label: "y", regression: true)
        #expect(regression.targetWidth == 1 && regression.count == 2)
        let numeric = try CSV.parse("x,y\n1,2\n2,0", label: "y")
        #expect(numeric.classCount == 3 && numeric.label(0) == 2)
    }

    @Test(arguments: Synthetic.names)
    func syntheticSetsAreSeededAndReproducible(_ name: String) throws {
        var g1 = SeededGenerator(seed: 5)
        var g2 = SeededGenerator(seed: 5)
        var g3 = SeededGenerator(seed: 6)
        let a = try Synthetic.make(name, count: 100, generator: &g1)
        let b = try Synthetic.make(name, count: 100, generator: &g2)
        let c = try Synthetic.make(name, count: 100, generator: &g3)
        #expect(a.count == 100)
        #expect((0..<100).allSatisfy { a.sample($0) == b.sample($0) })
        #expect((0..<100).contains { a.sample($0) != c.sample($0) })
    }

    @Test func moonsHaveTwoBalancedClasses() throws {
        var g = SeededGenerator(seed: 1)
        let moons = try Synthetic.make("moons", count: 101, generator: &g)
        let ones = (0..<101).filter { moons.label($0) == 1 }.count
        #expect(ones == 50)
        #expect(throws: DatasetError.self) { try Synthetic.make("moon", count: 10, generator: &g) }
    }

    @Test func splitIsKerasValidationSplitAndShuffleIsSeeded() throws {
        let (train, validation) = try Batching.split(count: 10, validationFraction: 0.2)
        #expect(train == Array(0..<8) && validation == [8, 9])
        #expect(throws: DatasetError.self) { try Batching.split(count: 10, validationFraction: 1) }
        var a = Array(0..<50)
        var b = Array(0..<50)
        var g1 = SeededGenerator(seed: 9)
        var g2 = SeededGenerator(seed: 9)
        Batching.shuffle(&a, generator: &g1)
        Batching.shuffle(&b, generator: &g2)
        #expect(a == b && a != Array(0..<50) && a.sorted() == Array(0..<50))
        #expect(Batching.batchCount(60000, size: 128) == 469)
    }
}
