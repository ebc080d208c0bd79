extension SegmentationModel {
    /// The files `segment --notebook --pmml` adds to its output directory, rendered in memory
    /// like the others so nothing is written unless every file could be produced:
    /// `report.ipynb` (`NotebookExporter`) and `model.pmml` (`PMMLExporter`).
    ///
    /// `accountsPath` is the accounts file the run read and `outputDirectory` the directory the
    /// files go to (both absolute or relative to the current directory): the notebook loads the
    /// accounts by their path relative to it. `idColumn` is the accounts file's id column.
    public func exportFiles(notebook: Bool, pmml: Bool, accountsPath: String, outputDirectory: String,
                            idColumn: String = "account_id") throws -> [OutputFile] {
        var files = [OutputFile]()
        if notebook {
            let accounts = NotebookInput.Files.relativePath(of: accountsPath, from: outputDirectory)
            let input = NotebookInput(model: self, files: .init(accounts: accounts, idColumn: idColumn))
            files.append(OutputFile(name: NotebookExporter.fileName, text: try NotebookExporter.render(input)))
        }
        if pmml {
            files.append(OutputFile(name: PMMLExporter.fileName, text: try PMMLExporter.render(ScoringDescription(model: self))))
        }
        return files
    }
}
