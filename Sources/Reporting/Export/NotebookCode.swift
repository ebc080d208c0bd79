import Segmentation
/// The Python code cells of the segmentation notebook.
///
/// Only `setup` depends on the run (the file names, as Python string literals); the other
/// cells read everything from those files, so they hold no data text. They print tables
/// as plain text rather than as HTML.
enum NotebookCode {
    static func setup(_ files: NotebookInput.Files) -> String {
        let py = ExportText.pythonString
        return #"""
        # Files written by ar-segment, relative to this notebook.
        ACCOUNTS = \#(py(files.accounts))
        ASSIGNMENTS = \#(py(files.assignments))
        PROFILES = \#(py(files.profiles))
        WORKLIST = \#(py(files.worklist))
        MODEL = \#(py(files.model))
        ID = \#(py(files.idColumn))

        import json

        import matplotlib.pyplot as plt
        import numpy as np
        import pandas as pd
        from sklearn.cluster import KMeans
        from sklearn.decomposition import PCA
        """#
    }

    static let load = #"""
    def read_csv(path):
        """Reads a CSV with the account ids kept as text ("007" stays "007")."""
        return pd.read_csv(path, dtype={ID: str})


    def restore_text(value):
        """Undoes the spreadsheet-formula guard of ar-segment's CSV exports (a ' before = + - @ tab CR)."""
        if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
            return value[1:]
        return value


    with open(MODEL, encoding="utf-8") as file:
        model = json.load(file)
    accounts = read_csv(ACCOUNTS)
    accounts[ID] = accounts[ID].map(restore_text)
    # The first column of assignments.csv is the account id, whatever the accounts file calls it.
    assignments = pd.read_csv(ASSIGNMENTS, dtype={0: str})
    assignments = assignments.rename(columns={assignments.columns[0]: ID})
    assignments[ID] = assignments[ID].map(restore_text)
    profiles = read_csv(PROFILES)
    worklist = read_csv(WORKLIST)
    if ID in worklist:
        worklist[ID] = worklist[ID].map(restore_text)

    segment_ids = [str(segment["id"]) for segment in model["segments"]]
    # model.json keeps each segment's strategy assignment: the strategy, the rule and the reasons.
    strategies = {str(segment["id"]): segment["strategy"]["strategy"]["name"] for segment in model["segments"]}


    def label(segment_id):
        """Segment id and strategy as a chart label (matplotlib reads $...$ as math: keep it literal)."""
        return f"{segment_id}: {strategies[segment_id]}".replace("$", r"\$")


    print(f"{len(accounts)} accounts, {len(model['features'])} features, {len(segment_ids)} segments")
    print(assignments.head().to_string(index=False))
    """#

    static let sizes = #"""
    sizes = assignments["segment"].astype(str).value_counts().reindex(segment_ids, fill_value=0)
    fig, ax = plt.subplots(figsize=(8, 1.5 + 0.45 * len(sizes)))
    ax.barh([label(s) for s in sizes.index], sizes.to_numpy(), color="#4c72b0")
    ax.invert_yaxis()
    ax.set_xlabel("accounts")
    ax.set_title("Segment sizes")
    fig.tight_layout()
    plt.show()
    """#

    static let transform = #"""
    def signed_log1p(x):
        """ar-segment's log for money columns: sign(x) * ln(1 + |x|), finite for credits too."""
        return np.sign(x) * np.log1p(np.abs(x))


    features = [feature["name"] for feature in model["features"]]
    raw = accounts[features].to_numpy(dtype=float)
    transformed = raw.copy()
    for j, feature in enumerate(model["features"]):
        if feature["transform"] == "log1p":
            transformed[:, j] = signed_log1p(raw[:, j])
        elif feature["transform"] != "none":
            raise ValueError(f"unknown transform {feature['transform']!r} for {feature['name']!r}")

    # Standardize with the saved scaler, then project with the saved PCA, if any.
    Z = (transformed - np.asarray(model["scaler"]["mean"])) / np.asarray(model["scaler"]["scale"])
    pca = model.get("pca")
    X = (Z - np.asarray(pca["mean"])) @ np.asarray(pca["components"]).T if pca else Z
    centroids = np.asarray(model["centroids"], dtype=float)

    # Each account's segment as a row index of the centroids.
    merged = accounts[[ID]].merge(assignments, on=ID, how="left", validate="one_to_one")
    assert merged["segment"].notna().all(), "some accounts are missing from " + ASSIGNMENTS
    row_of = {segment_id: row for row, segment_id in enumerate(segment_ids)}
    expected = merged["segment"].astype(str).map(row_of).to_numpy()
    space = f"PCA ({X.shape[1]} components) of " if pca else ""
    print(f"clustering space: {space}{len(features)} standardized features; {len(centroids)} centroids")
    """#

    static let pcaMap = #"""
    # The model's own components when it has two, otherwise a PCA of the standardized features (display only).
    if pca and X.shape[1] >= 2:
        coordinates = X[:, :2]
        ratios = pca.get("explainedVarianceRatio", [np.nan, np.nan])
    elif Z.shape[1] >= 2:
        display_pca = PCA(n_components=2).fit(Z)
        coordinates = display_pca.transform(Z)
        ratios = display_pca.explained_variance_ratio_
    else:
        coordinates = np.column_stack([Z[:, 0], np.zeros(len(Z))])
        ratios = [1.0, 0.0]
    sample = np.random.default_rng(0).permutation(len(coordinates))[:5000]
    fig, ax = plt.subplots(figsize=(8, 6))
    for row, segment_id in enumerate(segment_ids):
        points = sample[expected[sample] == row]
        ax.scatter(coordinates[points, 0], coordinates[points, 1], s=6, alpha=0.6, label=label(segment_id))
    ax.set_xlabel(f"PC1 ({ratios[0]:.0%} of variance)")
    ax.set_ylabel(f"PC2 ({ratios[1]:.0%} of variance)")
    ax.set_title("Accounts by segment" + (" (sample of 5000)" if len(coordinates) > 5000 else ""))
    ax.legend(markerscale=3, fontsize="small")
    fig.tight_layout()
    plt.show()
    """#

    static let heatmap = #"""
    # Mean z-score of each feature per segment: how far a segment sits from the average account.
    profile_z = pd.DataFrame(Z, columns=features).groupby(expected).mean().reindex(range(len(segment_ids)))
    limit = max(1.0, float(np.nanmax(np.abs(profile_z.to_numpy()))))
    fig, ax = plt.subplots(figsize=(3 + 0.8 * len(features), 2 + 0.5 * len(segment_ids)))
    image = ax.imshow(profile_z.to_numpy(), cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="auto")
    for (row, column), value in np.ndenumerate(profile_z.to_numpy()):
        ax.text(column, row, f"{value:+.1f}", ha="center", va="center", fontsize="small",
                color="white" if abs(value) > 0.6 * limit else "black")
    ax.set_xticks(range(len(features)), [f.replace("$", r"\$") for f in features], rotation=45, ha="right")
    ax.set_yticks(range(len(segment_ids)), [label(s) for s in segment_ids])
    fig.colorbar(image, ax=ax, label="mean z-score")
    ax.set_title("Segment profiles")
    fig.tight_layout()
    plt.show()
    """#

    static let crossCheck = #"""
    weight_column = model.get("kmeans", {}).get("weightColumn")
    weights = accounts[weight_column].to_numpy(dtype=float) if weight_column else None
    # One Lloyd step from the model's centroids: they are a fixed point of k-means, so the
    # centroids barely move and every account must stay in its segment.
    refit = KMeans(n_clusters=len(centroids), init=centroids, n_init=1, max_iter=1).fit(X, sample_weight=weights)
    disagreements = int((refit.labels_ != expected).sum())
    shift = float(np.abs(refit.cluster_centers_ - centroids).max())
    print(f"scikit-learn KMeans from the model's centroids: {disagreements} of {len(X)} accounts in another segment; "
          f"largest centroid move {shift:.3g}")
    assert disagreements == 0, f"{disagreements} accounts differ from {ASSIGNMENTS}"
    """#

    static let worklist = #"""
    # profiles.csv is long (one row per segment and feature): pivot the model's features.
    means = profiles[profiles["feature"].isin(features)].pivot(index="feature", columns="segment", values="mean")
    print(f"Segment means of the clustering features, business units ({PROFILES}):")
    print(means.reindex(features).round(2).to_string())
    print()
    print(f"Top of the worklist ({WORKLIST}, {len(worklist)} accounts):")
    print(worklist.head(15).to_string(index=False, max_cols=12))
    """#
}
