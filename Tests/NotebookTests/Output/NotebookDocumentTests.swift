import Foundation
import JSON
import Rendering
import Session
import Testing

@testable import Notebook

/// `save notebook`: every cell with its outputs, as nbformat 4.5 or a Markdown transcript.
@Suite struct NotebookDocumentTests: NotebookHarness {
    let notebook = Notebook(session: Session(seed: 1))
    let path = NSTemporaryDirectory() + "gradbook-notebook-\(UUID().uuidString)"

    func saved(_ extensionName: String) throws -> String {
        let file = path + "." + extensionName
        #expect(!run("save notebook \(file)").failed)
        return try String(contentsOfFile: file, encoding: .utf8)
    }

    @Test func anIpynbHoldsEveryCellWithItsOutputs() throws {
        _ = run("a = 2")
        _ = run("a * 3")
        _ = run("data moons n=100")
        _ = run("vars")
        _ = run("b = nope + 1")
        _ = run("x = 1\ny = x + 1\ny * 10")
        let root = try JSON(parsing: try saved("ipynb"))
        #expect(root["nbformat"] == 4 && root["nbformat_minor"] == 5)
        #expect(root["metadata"]?["kernelspec"]?["name"] == "gradbook")
        let cells = try #require(root["cells"]?.array)
        #expect(cells.count == 6)
        #expect(cells.allSatisfy { $0["cell_type"] == "code" && $0["id"]?.string != nil && $0["metadata"] != nil })
        #expect(cells.map { $0["execution_count"]?.number } == [1, 2, 3, 4, 5, 6])
        #expect(cells[0]["source"] == ["a = 2"] && cells[0]["outputs"] == [])
        let result = try #require(cells[1]["outputs"]?.array?.first)
        #expect(result["output_type"] == "execute_result" && result["execution_count"] == 2)
        #expect(result["data"]?["text/plain"] == ["Value(6.0)"])
        #expect(cells[2]["outputs"]?.array?.first?["output_type"] == "stream")
        let table = try #require(cells[3]["outputs"]?.array?.first)
        #expect(table["output_type"] == "display_data")
        let html = NotebookDocument.text(table["data"]?["text/html"]) ?? ""
        #expect(html.hasPrefix("<table>") && html.contains("<th style=\"text-align: left\">name</th>"), "\(html)")
        let error = try #require(cells[4]["outputs"]?.array?.first)
        #expect(error["output_type"] == "error" && error["ename"] == "NameError")
        #expect(error["evalue"] == "name 'nope' is not defined")
        // A cell of several lines is one code cell, its source a list of lines.
        #expect(cells[5]["source"] == ["x = 1\n", "y = x + 1\n", "y * 10"])
        #expect(cells[5]["outputs"]?.array?.first?["data"]?["text/plain"] == ["Value(20.0)"])
        // What `gradbook run` reads back: the same inputs.
        let sources = try NotebookDocument.codeCells(ipynb: Array(try saved("ipynb").utf8), path: "x.ipynb")
        #expect(
            sources == [
                "a = 2", "a * 3", "data moons n=100", "vars", "b = nope + 1", "x = 1\ny = x + 1\ny * 10",
                "save notebook \(path).ipynb",
            ])
    }

    /// A front end with live progress showed train's epoch lines as they came; the saved
    /// notebook still has them (they are the cell's log), and the front end does not repeat them.
    @Test func trainingsEpochLinesAreSavedEvenWhenShownLive() throws {
        var events = 0
        notebook.progress = { _ in events += 1 }
        _ = run("data moons n=100")
        _ = run("model dense 2->4 tanh, dense 4->2 softmax")
        _ = run("compile adam")
        let trained = run("train epochs=2")
        #expect(events > 0)
        #expect(!TextRenderer().render(trained).contains("Epoch 1/2"))
        let root = try JSON(parsing: try saved("ipynb"))
        let outputs = try #require(root["cells"]?.array?[3]["outputs"]?.array)
        let text = outputs.compactMap { NotebookDocument.text($0["text"]) }.joined()
        #expect(text.hasPrefix("training on 80 samples: 2 epochs of 3 batches\nEpoch 1/2 - "), "\(text)")
        #expect(text.contains("Epoch 2/2 - "), "\(text)")
    }

    @Test func aMarkdownTranscriptShowsInputsAndOutputs() throws {
        _ = run("a = 2")
        _ = run("a * 3")
        let markdown = try saved("md")
        #expect(markdown.hasPrefix("**In [1]:**\n\n```gradbook\na = 2\n```\n\n**In [2]:**\n\n```gradbook\na * 3\n```"))
        #expect(markdown.contains("```text\nOut[2]: Value(6.0)\n```"))
    }

    @Test func aNotebookWithoutCellsOrSourcesIsRefusedByName() {
        #expect(throws: NotebookError.self) { try NotebookDocument.codeCells(ipynb: Array("{}".utf8), path: "e.ipynb") }
        do {
            _ = try NotebookDocument.codeCells(
                ipynb: Array(#"{"cells": [{"cell_type": "code", "source": 3}]}"#.utf8), path: "e.ipynb")
        } catch { #expect(error.description == "e.ipynb: cell 1 has no source text") }
    }
}
