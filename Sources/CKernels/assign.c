// The fused k-means assignment pass (scores, argmin, changed labels, cluster sums, inertia) for
// x86-64 CPUs with AVX2 or AVX-512, selected at run time by Clustering.
//
// Why C: Swift has no per-function target attribute, so the portable binary's Swift SIMD
// compiles to SSE2 (two 128-bit halves per SIMD4<Double>). Here each kernel carries
// `__attribute__((target(...)))`, so one binary runs on any x86-64 and uses 256- or 512-bit
// registers where `__builtin_cpu_supports` says the CPU and OS allow them.
//
// Bit-identical to the portable Swift path (Sources/Clustering/DistanceKernels.swift) by
// construction, which Tests/ClusteringTests/AssignmentKernelTests compare on random data:
// - each score is `(sum_f x_f * (-2 c_jf)) + ||c_j||^2`, the sum starting at 0 and running over
//   f from 0 in order, one rounded multiply and one rounded add per term. No FMA: the pragma
//   below forbids contraction (AVX-512F implies the FMA instructions) and no fma intrinsic is
//   used; `objdump -d` of the object shows no vfmadd;
// - the label is the first of equal minimal scores, as the portable strict `<` scan: a vector
//   min, then the first lane equal to it. Padding lanes score +infinity (their centre norm), so
//   they never win. A row with a NaN score (non-finite input) takes the scalar scan instead,
//   since a vector min does not order NaNs the way the scan does;
// - the per-row accumulation is the same expressions in the same row order: `y[f] += x[f] * w`
//   (`y[f] += x[f]` when unweighted, equal since `x * 1 == x`), `weight[label] += w`,
//   `inertia += w * max(0, ||x||^2 + best)` with Swift's `max(0, v) == (v >= 0 ? v : 0)`.
#pragma clang fp contract(off)

#include "ckernels.h"

#if defined(__x86_64__) && defined(__clang__)
#include <immintrin.h>

#define CK_AVX2 __attribute__((target("avx2")))
#define CK_AVX512 __attribute__((target("avx512f")))
#define CK_INLINE inline __attribute__((always_inline))

/// The portable scan: index of the first smallest of `s[0..<k]` under strict `<` (NaN rows).
static ptrdiff_t argmin_scalar(const double *s, ptrdiff_t k) {
    double best = s[0];
    ptrdiff_t label = 0;
    for (ptrdiff_t j = 1; j < k; j++) {
        if (s[j] < best) { best = s[j]; label = j; }
    }
    return label;
}

/// Records row `row`'s label (counting a change) and, when accumulating, adds its clamped
/// squared distance to the inertia (in row order).
static CK_INLINE void record_label(const ck_assign_task *t, ptrdiff_t row, ptrdiff_t label, double best,
                                  ck_assign_result *result) {
    if (t->labels[row] != label) { result->changed++; t->labels[row] = label; }
    if (t->accumulate) {
        double w = t->weights ? t->weights[row] : 1.0;
        double v = t->x_norms[row] + best;
        result->inertia += w * (v >= 0.0 ? v : 0.0);
    }
}

/// Rows of a task are labelled in chunks of about `CK_CHUNK_BYTES` of `x`, and each chunk's
/// rows are then added to their clusters in a second loop over the chunk (still in L1). Per
/// cluster the rows are still added in row order, so the sums have the same bits. Measured
/// (1M x 16, k = 8, one thread, AVX-512): 12.2 ms per pass with 1-3 KiB chunks, 13.5 with whole
/// 4096-row tasks, 16.5 with 16 KiB chunks; AVX2 in the same order. Our reading: fused per row,
/// the load of `sums[label]` waits on the label's long dependency chain (scores, min, compare);
/// split, the labels are known before the additions start. A multiple of 8 rows, at least 8,
/// for the 8-row blocks.
#ifndef CK_CHUNK_BYTES
#define CK_CHUNK_BYTES 2048
#endif

static CK_INLINE ptrdiff_t chunk_rows(ptrdiff_t d) {
    ptrdiff_t rows = CK_CHUNK_BYTES / (8 * (d > 0 ? d : 1));
    return rows < 8 ? 8 : rows & ~(ptrdiff_t)7;
}

// MARK: AVX2 (4 lanes)

/// `out[r * padded + j] = (sum_f x[r d + f] ct[f padded + j]) + bias[j]` for `r < R` (R = 4
/// or 1), centres in blocks of 8 (two registers per row: 8 independent add chains for 4 rows,
/// enough to hide the add latency) and a last block of 4.
#define CK_SCORES_AVX2(R)                                                                        \
    static inline CK_AVX2 void scores##R##_avx2(const double *x, ptrdiff_t d, const double *ct, \
                                                const double *bias, ptrdiff_t padded, double *out) { \
        ptrdiff_t jb = 0;                                                                       \
        for (; jb + 8 <= padded; jb += 8) {                                                     \
            __m256d lo[R], hi[R];                                                               \
            for (int r = 0; r < R; r++) { lo[r] = _mm256_setzero_pd(); hi[r] = _mm256_setzero_pd(); } \
            const double *p = ct + jb;                                                          \
            for (ptrdiff_t f = 0; f < d; f++, p += padded) {                                    \
                __m256d c0 = _mm256_loadu_pd(p), c1 = _mm256_loadu_pd(p + 4);                   \
                for (int r = 0; r < R; r++) {                                                   \
                    __m256d b = _mm256_broadcast_sd(x + r * d + f);                             \
                    lo[r] = _mm256_add_pd(lo[r], _mm256_mul_pd(c0, b));                         \
                    hi[r] = _mm256_add_pd(hi[r], _mm256_mul_pd(c1, b));                         \
                }                                                                               \
            }                                                                                   \
            __m256d b0 = _mm256_loadu_pd(bias + jb), b1 = _mm256_loadu_pd(bias + jb + 4);       \
            for (int r = 0; r < R; r++) {                                                       \
                _mm256_storeu_pd(out + r * padded + jb, _mm256_add_pd(lo[r], b0));             \
                _mm256_storeu_pd(out + r * padded + jb + 4, _mm256_add_pd(hi[r], b1));         \
            }                                                                                   \
        }                                                                                       \
        if (jb < padded) {                                                                      \
            __m256d a[R];                                                                       \
            for (int r = 0; r < R; r++) a[r] = _mm256_setzero_pd();                             \
            const double *p = ct + jb;                                                          \
            for (ptrdiff_t f = 0; f < d; f++, p += padded) {                                    \
                __m256d c = _mm256_loadu_pd(p);                                                 \
                for (int r = 0; r < R; r++)                                                     \
                    a[r] = _mm256_add_pd(a[r], _mm256_mul_pd(c, _mm256_broadcast_sd(x + r * d + f))); \
            }                                                                                   \
            __m256d b = _mm256_loadu_pd(bias + jb);                                             \
            for (int r = 0; r < R; r++) _mm256_storeu_pd(out + r * padded + jb, _mm256_add_pd(a[r], b)); \
        }                                                                                       \
    }
CK_SCORES_AVX2(4)
CK_SCORES_AVX2(1)

/// First index of the smallest of `s[0..<padded]` (padding lanes are +infinity, so it is < k).
static CK_INLINE CK_AVX2 ptrdiff_t argmin_avx2(const double *s, ptrdiff_t k, ptrdiff_t padded) {
    __m256d m = _mm256_loadu_pd(s);
    __m256d unordered = _mm256_cmp_pd(m, m, _CMP_UNORD_Q);
    for (ptrdiff_t j = 4; j < padded; j += 4) {
        __m256d v = _mm256_loadu_pd(s + j);
        m = _mm256_min_pd(m, v);
        unordered = _mm256_or_pd(unordered, _mm256_cmp_pd(v, v, _CMP_UNORD_Q));
    }
    if (_mm256_movemask_pd(unordered)) return argmin_scalar(s, k);
    m = _mm256_min_pd(m, _mm256_permute2f128_pd(m, m, 1));
    m = _mm256_min_pd(m, _mm256_permute_pd(m, 5));
    for (ptrdiff_t j = 0;; j += 4) {
        int equal = _mm256_movemask_pd(_mm256_cmp_pd(_mm256_loadu_pd(s + j), m, _CMP_EQ_OQ));
        if (equal) return j + __builtin_ctz((unsigned)equal);
    }
}

/// `y[f] += x[f] * w` (or `+= x[f]` when unweighted) for `f < d`.
static CK_INLINE CK_AVX2 void add_row_avx2(const double *x, double w, int weighted, double *y, ptrdiff_t d) {
    ptrdiff_t f = 0;
    if (weighted) {
        __m256d wv = _mm256_set1_pd(w);
        for (; f + 4 <= d; f += 4)
            _mm256_storeu_pd(y + f, _mm256_add_pd(_mm256_loadu_pd(y + f), _mm256_mul_pd(_mm256_loadu_pd(x + f), wv)));
        for (; f < d; f++) y[f] += x[f] * w;
    } else {
        for (; f + 4 <= d; f += 4)
            _mm256_storeu_pd(y + f, _mm256_add_pd(_mm256_loadu_pd(y + f), _mm256_loadu_pd(x + f)));
        for (; f < d; f++) y[f] += x[f];
    }
}

/// The second loop of a chunk (see CK_CHUNK_BYTES): `sums[label] += w x`, `weights[label] += w`.
static CK_INLINE CK_AVX2 void accumulate_avx2(const ck_assign_task *t, ptrdiff_t start, ptrdiff_t end) {
    const ptrdiff_t d = t->d;
    for (ptrdiff_t row = start; row < end; row++) {
        ptrdiff_t label = t->labels[row];
        double w = t->weights ? t->weights[row] : 1.0;
        t->cluster_weights[label] += w;
        add_row_avx2(t->x + row * d, w, t->weights != NULL, t->sums + label * d, d);
    }
}

/// Nearest of at most 8 centres from one row's scores held in two registers (`hi` is all
/// +infinity when padded == 4): label and score, or -1 when a score is NaN. Branch-free: the
/// position of the minimum is data dependent, so a compare-and-branch scan mispredicts.
/// The returned score is the vector minimum, which can differ from the scan's only in the sign
/// of a zero; it is only ever added to `||x||^2` (+0 or more), where both signs give the same sum.
static CK_INLINE CK_AVX2 ptrdiff_t argmin8_avx2(__m256d lo, __m256d hi, double *best) {
    if (_mm256_movemask_pd(_mm256_cmp_pd(lo, hi, _CMP_UNORD_Q))) return -1;
    __m256d m = _mm256_min_pd(lo, hi);
    m = _mm256_min_pd(m, _mm256_permute2f128_pd(m, m, 1));
    m = _mm256_min_pd(m, _mm256_permute_pd(m, 5));
    unsigned equal = (unsigned)_mm256_movemask_pd(_mm256_cmp_pd(lo, m, _CMP_EQ_OQ))
                   | (unsigned)_mm256_movemask_pd(_mm256_cmp_pd(hi, m, _CMP_EQ_OQ)) << 4;
    *best = _mm256_cvtsd_f64(m);
    return __builtin_ctz(equal);
}

/// `R` rows (4 or 1) against at most 8 centres (`wide`: two registers of 4, else one), scores
/// kept in registers through the argmin; the case scikit-learn's typical k falls in.
static CK_INLINE CK_AVX2 void block_small_avx2(const ck_assign_task *t, ptrdiff_t i, int R, int wide,
                                            ck_assign_result *result) {
    const ptrdiff_t d = t->d, padded = t->padded;
    const double *x = t->x + i * d;
    __m256d lo[4], hi[4];
    for (int r = 0; r < R; r++) { lo[r] = _mm256_setzero_pd(); hi[r] = _mm256_setzero_pd(); }
    const double *p = t->centers_t;
    for (ptrdiff_t f = 0; f < d; f++, p += padded) {
        __m256d c0 = _mm256_loadu_pd(p), c1 = wide ? _mm256_loadu_pd(p + 4) : c0;
        for (int r = 0; r < R; r++) {
            __m256d b = _mm256_broadcast_sd(x + r * d + f);
            lo[r] = _mm256_add_pd(lo[r], _mm256_mul_pd(c0, b));
            if (wide) hi[r] = _mm256_add_pd(hi[r], _mm256_mul_pd(c1, b));
        }
    }
    __m256d b0 = _mm256_loadu_pd(t->center_norms);
    __m256d b1 = wide ? _mm256_loadu_pd(t->center_norms + 4) : _mm256_set1_pd(__builtin_inf());
    for (int r = 0; r < R; r++) {
        __m256d slo = _mm256_add_pd(lo[r], b0), shi = wide ? _mm256_add_pd(hi[r], b1) : b1;
        double best;
        ptrdiff_t label = argmin8_avx2(slo, shi, &best);
        if (label < 0) {   // a NaN score: the portable scan on the stored scores
            _mm256_storeu_pd(t->scratch, slo);
            _mm256_storeu_pd(t->scratch + 4, shi);
            label = argmin_scalar(t->scratch, t->k);
            best = t->scratch[label];
        }
        record_label(t, i + r, label, best, result);
    }
}

static CK_AVX2 ck_assign_result assign_small_avx2(const ck_assign_task *task, int wide) {
    // A local copy: stores through `labels` or `sums` could alias `*task` as far as the
    // compiler knows, which would reload every field after each row.
    const ck_assign_task copy = *task, *t = &copy;
    ck_assign_result result = {0.0, 0};
    const ptrdiff_t chunk = chunk_rows(t->d);
    for (ptrdiff_t start = 0; start < t->rows; start += chunk) {
        ptrdiff_t end = t->rows - start < chunk ? t->rows : start + chunk, i = start;
        if (wide) {
            for (; i + 4 <= end; i += 4) block_small_avx2(t, i, 4, 1, &result);
            for (; i < end; i++) block_small_avx2(t, i, 1, 1, &result);
        } else {
            for (; i + 4 <= end; i += 4) block_small_avx2(t, i, 4, 0, &result);
            for (; i < end; i++) block_small_avx2(t, i, 1, 0, &result);
        }
        if (t->accumulate) accumulate_avx2(t, start, end);
    }
    return result;
}

/// Any k: scores of 4 rows at a time into `scratch`, centres in blocks of 8 and 4.
static CK_AVX2 ck_assign_result assign_avx2(const ck_assign_task *task) {
    if (task->padded <= 8) return assign_small_avx2(task, task->padded == 8);
    const ck_assign_task copy = *task, *t = &copy;
    ck_assign_result result = {0.0, 0};
    const ptrdiff_t d = t->d, padded = t->padded, chunk = chunk_rows(d);
    for (ptrdiff_t start = 0; start < t->rows; start += chunk) {
        ptrdiff_t end = t->rows - start < chunk ? t->rows : start + chunk;
        for (ptrdiff_t i = start; i < end; i += 4) {
            ptrdiff_t block = end - i < 4 ? end - i : 4;
            if (block == 4) {
                scores4_avx2(t->x + i * d, d, t->centers_t, t->center_norms, padded, t->scratch);
            } else {
                for (ptrdiff_t r = 0; r < block; r++)
                    scores1_avx2(t->x + (i + r) * d, d, t->centers_t, t->center_norms, padded,
                                 t->scratch + r * padded);
            }
            for (ptrdiff_t r = 0; r < block; r++) {
                const double *s = t->scratch + r * padded;
                ptrdiff_t label = argmin_avx2(s, t->k, padded);
                record_label(t, i + r, label, s[label], &result);
            }
        }
        if (t->accumulate) accumulate_avx2(t, start, end);
    }
    return result;
}

// MARK: AVX-512 (8 lanes), 4 < k <= 16

/// `y[f] += x[f] * w` (or `+= x[f]`) for `f < d`; the last partial vector through a mask, which
/// leaves the other elements untouched. Full vectors unmasked: masked loads of `y` right after
/// the previous row's stores cost 9% of the whole pass (1M x 16, k = 8).
static CK_INLINE CK_AVX512 void add_row_avx512(const double *x, double w, int weighted, double *y, ptrdiff_t d) {
    __m512d wv = _mm512_set1_pd(w);
    ptrdiff_t f = 0;
    for (; f + 8 <= d; f += 8) {
        __m512d xv = _mm512_loadu_pd(x + f);
        _mm512_storeu_pd(y + f, _mm512_add_pd(_mm512_loadu_pd(y + f), weighted ? _mm512_mul_pd(xv, wv) : xv));
    }
    if (f < d) {
        __mmask8 m = (__mmask8)((1u << (d - f)) - 1);
        __m512d xv = _mm512_maskz_loadu_pd(m, x + f);
        __m512d sum = _mm512_add_pd(_mm512_maskz_loadu_pd(m, y + f), weighted ? _mm512_mul_pd(xv, wv) : xv);
        _mm512_mask_storeu_pd(y + f, m, sum);
    }
}

static CK_INLINE CK_AVX512 void accumulate_avx512(const ck_assign_task *t, ptrdiff_t start, ptrdiff_t end) {
    const ptrdiff_t d = t->d;
    for (ptrdiff_t row = start; row < end; row++) {
        ptrdiff_t label = t->labels[row];
        double w = t->weights ? t->weights[row] : 1.0;
        t->cluster_weights[label] += w;
        add_row_avx512(t->x + row * d, w, t->weights != NULL, t->sums + label * d, d);
    }
}

/// `R` rows (8, 4 or 1) against 8 or 16 centre columns (`V` = 1 or 2 registers of scores per
/// row; with 12 columns the second register's upper half is masked off and scores +infinity):
/// per feature one load of the centres per register and, per row and register, a multiply by
/// the broadcast feature and an add. For one register, 8 rows per block measured best at
/// d <= 16 (1M x 16, k = 8, one thread: 12.2 ms per pass against 14.0 with 4), 4 rows above
/// (d = 40: 31.4 ms against 43 with 8); two registers take 4 rows (8 accumulators).
static CK_INLINE CK_AVX512 void block_avx512(const ck_assign_task *t, ptrdiff_t i, int R, int V,
                                              __mmask8 high, ck_assign_result *result) {
    const ptrdiff_t d = t->d, padded = t->padded;
    const double *x = t->x + i * d;
    __m512d lo[8], hi[8];
    for (int r = 0; r < R; r++) { lo[r] = _mm512_setzero_pd(); hi[r] = _mm512_setzero_pd(); }
    const double *p = t->centers_t;
    for (ptrdiff_t f = 0; f < d; f++, p += padded) {
        __m512d c0 = _mm512_loadu_pd(p), c1 = V == 2 ? _mm512_maskz_loadu_pd(high, p + 8) : c0;
        for (int r = 0; r < R; r++) {
            __m512d b = _mm512_set1_pd(x[r * d + f]);
            lo[r] = _mm512_add_pd(lo[r], _mm512_mul_pd(c0, b));
            if (V == 2) hi[r] = _mm512_add_pd(hi[r], _mm512_mul_pd(c1, b));
        }
    }
    const __m512d infinity = _mm512_set1_pd(__builtin_inf());
    __m512d b0 = _mm512_loadu_pd(t->center_norms);
    __m512d b1 = V == 2 ? _mm512_mask_loadu_pd(infinity, high, t->center_norms + 8) : infinity;
    for (int r = 0; r < R; r++) {
        __m512d s0 = _mm512_add_pd(lo[r], b0), s1 = V == 2 ? _mm512_add_pd(hi[r], b1) : infinity;
        ptrdiff_t label;
        double best;
        if (_mm512_cmp_pd_mask(s0, s1, _CMP_UNORD_Q)) {   // a NaN score: the portable scan
            _mm512_storeu_pd(t->scratch, s0);
            _mm512_storeu_pd(t->scratch + 8, s1);
            label = argmin_scalar(t->scratch, t->k);
            best = t->scratch[label];
        } else {
            // Vector minimum, then the first lane equal to it (see argmin8_avx2 on its sign).
            __m512d m = V == 2 ? _mm512_min_pd(s0, s1) : s0;
            m = _mm512_min_pd(m, _mm512_shuffle_f64x2(m, m, 0x4E));
            m = _mm512_min_pd(m, _mm512_shuffle_f64x2(m, m, 0xB1));
            m = _mm512_min_pd(m, _mm512_permute_pd(m, 0x55));
            unsigned equal = (unsigned)_mm512_cmp_pd_mask(s0, m, _CMP_EQ_OQ);
            if (V == 2) equal |= (unsigned)_mm512_cmp_pd_mask(s1, m, _CMP_EQ_OQ) << 8;
            label = __builtin_ctz(equal);
            best = _mm512_cvtsd_f64(m);
        }
        record_label(t, i + r, label, best, result);
    }
}

/// Padded widths 8, 12 and 16 (4 < k <= 16).
static CK_AVX512 ck_assign_result assign_avx512(const ck_assign_task *task) {
    const ck_assign_task copy = *task, *t = &copy;
    ck_assign_result result = {0.0, 0};
    const ptrdiff_t chunk = chunk_rows(t->d);
    const __mmask8 high = t->padded == 12 ? 0x0F : 0xFF;
    for (ptrdiff_t start = 0; start < t->rows; start += chunk) {
        ptrdiff_t end = t->rows - start < chunk ? t->rows : start + chunk, i = start;
        if (t->padded > 8) {
            for (; i + 4 <= end; i += 4) block_avx512(t, i, 4, 2, high, &result);
            for (; i < end; i++) block_avx512(t, i, 1, 2, high, &result);
        } else if (t->d <= 16) {
            for (; i + 8 <= end; i += 8) block_avx512(t, i, 8, 1, 0, &result);
            for (; i < end; i++) block_avx512(t, i, 1, 1, 0, &result);
        } else {
            for (; i + 4 <= end; i += 4) block_avx512(t, i, 4, 1, 0, &result);
            for (; i < end; i++) block_avx512(t, i, 1, 1, 0, &result);
        }
        if (t->accumulate) accumulate_avx512(t, start, end);
    }
    return result;
}

ck_level ck_best_level(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return CK_LEVEL_AVX512;
    if (__builtin_cpu_supports("avx2")) return CK_LEVEL_AVX2;
    return CK_LEVEL_NONE;
}

ck_assign_result ck_assign(const ck_assign_task *task, ck_level level) {
    // The AVX-512 kernel covers 4 < k <= 16. At k <= 4 half of each 8-lane register would be
    // padding, and the AVX2 kernel measured faster (11.1 against 12.8 ms per 1M-row pass at
    // d = 16); larger k takes the general AVX2 kernel.
    if (level == CK_LEVEL_AVX512 && task->padded >= 8 && task->padded <= 16) return assign_avx512(task);
    return assign_avx2(task);
}

#else

ck_level ck_best_level(void) { return CK_LEVEL_NONE; }

ck_assign_result ck_assign(const ck_assign_task *task, ck_level level) {
    (void)task; (void)level;
    __builtin_trap();   // Clustering only calls this when ck_best_level() is not NONE
}

#endif
