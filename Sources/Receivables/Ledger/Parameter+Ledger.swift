import Tabular

/// The parameters of reading a ledger (`FeatureOptions`, `LedgerReader`) that messages name.
extension Parameter {
    /// `FeatureOptions.columns`: which file column holds each canonical ledger field (`LedgerColumns`).
    public static let columns = Parameter(rawValue: "columns")
    /// `FeatureOptions.dateFormat`: the layout of the ledger's dates (`DateFormat`).
    public static let dateFormat = Parameter(rawValue: "dateFormat")
}

/// The parameters of a ledger source (`LedgerReadOptions`, `SourcePreset`).
extension Parameter {
    /// `LedgerReadOptions.documentTypes`: the map from document-type codes to kinds (`DocumentTypes`).
    public static let documentTypes = Parameter(rawValue: "documentTypes")
    /// `PaymentsFile.columns`: which payments column holds each canonical payment field.
    public static let paymentColumns = Parameter(rawValue: "paymentColumns")
    /// `SourcePreset.named`: a built-in preset name or a preset file.
    public static let source = Parameter(rawValue: "source")
    /// `LedgerReadOptions.reportingCurrency`.
    public static let reportingCurrency = Parameter(rawValue: "reportingCurrency")
    /// `LedgerReadOptions.ratesPath`.
    public static let rates = Parameter(rawValue: "rates")
    /// `LedgerReadOptions.maxRejectShare`.
    public static let maxRejectShare = Parameter(rawValue: "maxRejectShare")
}
