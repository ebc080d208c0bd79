import Segmentation
import Tabular
extension SegmentationModel {
    /// The files `segment --notebook --pmml` adds to its output directory, rendered in memory
    /// like the others so nothing is written unless every file could be produced:
    /// `report.ipynb` (see `notebook(runDirectory:accountsPath:notebookDirectory:idColumn:)`)
    /// and `model.pmml` (`PMMLExporter`).
    ///
    /// `accountsPath` is the accounts file the run read and `outputDirectory` the run's directory
    /// (absolute or relative to the current directory). `idColumn` is the accounts' id column.
    public func exportFiles(notebook: Bool, pmml: Bool, accountsPath: String, outputDirectory: String,
                            idColumn: String = "account_id") throws -> [OutputFile] {
        var files = [OutputFile]()
        if notebook {
            let text = try self.notebook(runDirectory: outputDirectory, accountsPath: accountsPath,
                                         notebookDirectory: outputDirectory, idColumn: idColumn)
            files.append(OutputFile(name: NotebookExporter.fileName, text: text))
        }
        if pmml {
            files.append(OutputFile(name: PMMLExporter.fileName,
                                    text: try PMMLExporter.render(ScoringDescription(model: self))))
        }
        return files
    }

    /// The run's notebook (`NotebookExporter`), for a notebook written to `notebookDirectory`.
    ///
    /// `runDirectory` holds the run's `model.json`, `assignments.csv`, `profiles.csv` and
    /// `worklist.csv`; `accountsPath` is the accounts file the run read. The notebook refers to
    /// all of them by paths relative to `notebookDirectory`, so it runs wherever the folders
    /// are moved together. Paths are absolute or relative to the current directory.
    public func notebook(runDirectory: String, accountsPath: String, notebookDirectory: String,
                         idColumn: String = "account_id") throws -> String {
        func relative(_ path: String) -> String {
            NotebookInput.Files.relativePath(of: path, from: notebookDirectory)
        }
        func inRun(_ name: String) -> String { relative(runDirectory + "/" + name) }
        let files = NotebookInput.Files(accounts: relative(accountsPath), assignments: inRun("assignments.csv"),
                                        profiles: inRun("profiles.csv"), worklist: inRun("worklist.csv"),
                                        model: inRun("model.json"), idColumn: idColumn)
        return try NotebookExporter.render(NotebookInput(model: self, files: files))
    }
}
