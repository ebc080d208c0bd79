import Tabular

/// The parameters of reading a ledger (`FeatureOptions`, `LedgerReader`) that messages name.
extension Parameter {
    /// `FeatureOptions.columns`: which file column holds each canonical ledger field (`LedgerColumns`).
    public static let columns = Parameter(rawValue: "columns")
    /// `FeatureOptions.dateFormat`: the layout of the ledger's dates (`DateFormat`).
    public static let dateFormat = Parameter(rawValue: "dateFormat")
}
