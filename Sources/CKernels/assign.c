// The fused k-means assignment pass (scores, argmin, changed labels, cluster sums, inertia) for
// x86-64 CPUs with AVX2 or AVX-512, selected at run time by Clustering.
//
// Why C: Swift has no per-function target attribute, so the portable binary's Swift SIMD
// compiles to SSE2 (two 128-bit halves per SIMD4<Double>). Here each kernel carries
// `__attribute__((target(...)))`, so one binary runs on any x86-64 and uses 256- or 512-bit
// registers where `__builtin_cpu_supports` says the CPU and OS allow them.
//
// Bit-identical to the portable Swift path (Sources/Clustering/DistanceKernels.swift) by
// construction, which the ClusteringTests compare on random data:
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

/// The portable scan: index of the first smallest of `s[0..<k]` under strict `<` (NaN rows).
static ptrdiff_t argmin_scalar(const double *s, ptrdiff_t k) {
    double best = s[0];
    ptrdiff_t label = 0;
    for (ptrdiff_t j = 1; j < k; j++) {
        if (s[j] < best) { best = s[j]; label = j; }
    }
    return label;
}

/// Relabels row `row` and, when accumulating, adds it to its cluster (see the file comment).
/// `add_row` is the ISA's `y += x * w` over d elements.
#define CK_FINISH_ROW(task, row, label, best, result, add_row)                                  \
    do {                                                                                        \
        if ((task)->labels[row] != (label)) { (result).changed++; (task)->labels[row] = (label); } \
        if ((task)->accumulate) {                                                               \
            double w_ = (task)->weights ? (task)->weights[row] : 1.0;                           \
            double v_ = (task)->x_norms[row] + (best);                                          \
            (result).inertia += w_ * (v_ >= 0.0 ? v_ : 0.0);                                    \
            (task)->cluster_weights[label] += w_;                                               \
            add_row((task)->x + (row) * (task)->d, w_, (task)->weights != NULL,                  \
                    (task)->sums + (label) * (task)->d, (task)->d);                             \
        }                                                                                       \
    } while (0)

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
static inline CK_AVX2 ptrdiff_t argmin_avx2(const double *s, ptrdiff_t k, ptrdiff_t padded) {
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
static inline CK_AVX2 void add_row_avx2(const double *x, double w, int weighted, double *y, ptrdiff_t d) {
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

static CK_AVX2 ck_assign_result assign_avx2(const ck_assign_task *t) {
    ck_assign_result result = {0.0, 0};
    const ptrdiff_t d = t->d, padded = t->padded;
    for (ptrdiff_t i = 0; i < t->rows; i += 4) {
        ptrdiff_t block = t->rows - i < 4 ? t->rows - i : 4;
        if (block == 4) {
            scores4_avx2(t->x + i * d, d, t->centers_t, t->center_norms, padded, t->scratch);
        } else {
            for (ptrdiff_t r = 0; r < block; r++)
                scores1_avx2(t->x + (i + r) * d, d, t->centers_t, t->center_norms, padded, t->scratch + r * padded);
        }
        for (ptrdiff_t r = 0; r < block; r++) {
            const double *s = t->scratch + r * padded;
            ptrdiff_t label = argmin_avx2(s, t->k, padded);
            CK_FINISH_ROW(t, i + r, label, s[label], result, add_row_avx2);
        }
    }
    return result;
}

ck_level ck_best_level(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2")) return CK_LEVEL_AVX2;
    return CK_LEVEL_NONE;
}

ck_assign_result ck_assign(const ck_assign_task *task, ck_level level) {
    (void)level;
    return assign_avx2(task);
}

#else

ck_level ck_best_level(void) { return CK_LEVEL_NONE; }

ck_assign_result ck_assign(const ck_assign_task *task, ck_level level) {
    (void)task; (void)level;
    __builtin_trap();   // Clustering only calls this when ck_best_level() is not NONE
}

#endif
