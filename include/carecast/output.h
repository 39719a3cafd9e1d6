/* Writing results: summary statistics, CSV and JSON files, and the run
 * directory (never left half-written). Writers take const inputs and a FILE. */
#ifndef CARECAST_OUTPUT_H
#define CARECAST_OUTPUT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>

#include "carecast/results.h"
#include "carecast/scenario.h"
#include "carecast/status.h"
#include "carecast/whatif.h"

/* Mean, sd and percentiles of every (metric, period), for both time scales. */
typedef struct cc_summary {
    size_t n_metrics, n_months, n_years, n_pct;
    double pct[CC_MAX_PERCENTILES]; /* percentiles reported, 0-100 */
    double *monthly;                /* [metric][month][2 + n_pct]: mean, sd, percentiles */
    double *annual;                 /* [metric][year][2 + n_pct] */
} cc_summary;

/* Summarises results over their paths with up to `threads` threads (0 = all).
 * Returns CC_OK or CC_ERR_NOMEM. */
cc_status cc_summary_alloc(const cc_results *results, const double *pct, size_t n_pct,
                           int threads, cc_summary **out, cc_error *err);
void cc_summary_free(cc_summary *summary);
/* Pointer to the 2 + n_pct statistics of metric k at month t or year y. */
const double *cc_summary_monthly(const cc_summary *summary, size_t k, size_t t);
const double *cc_summary_annual(const cc_summary *summary, size_t k, size_t y);

/* Writes the long-format CSV "metric,period,mean,sd,p5,..." of one time scale.
 * Returns CC_OK or CC_ERR_IO when the stream reports a write error. */
cc_status cc_csv_write_summary(FILE *f, const cc_results *results, const cc_summary *summary,
                               bool annual, cc_error *err);

/* Writes mtfp.csv: per financial year with a target, the contract year, the
 * target, savings (mean, P10, P50, P90 when reported), the probability of
 * meeting the target and its red/amber/green rating under run.rag. */
cc_status cc_csv_write_mtfp(FILE *f, const cc_scenario *scenario, const cc_results *results,
                            const cc_summary *summary, cc_error *err);

/* What run.json records about a run. */
typedef struct cc_run_manifest {
    const char *version;
    unsigned long seed;
    size_t n_paths;
    int threads;
    double wall_seconds;
    const char *rng_name;
    size_t paths_simulated;      /* a bounded run's simulations of paths over every pass (else 0:
                                    each path simulated once, and kept) */
    size_t n_overrides;          /* --set overrides, recorded as typed */
    const char *const *overrides; /* "key.path=value" */
    size_t n_outputs;            /* the files of the run (cc_rundir_collect), run.json among them */
    const char *const *outputs;  /* "annual.csv", "charts/cic_fan.svg", ... */
} cc_run_manifest;

/* Writes run.json: the manifest, horizon, the SHA-256 of every input file
 * and the run's output files (which a later run into the folder replaces).
 * Returns CC_OK, or CC_ERR_IO when a file cannot be hashed or written. */
cc_status cc_json_write_run(FILE *f, const cc_scenario *scenario, const cc_results *results,
                            const cc_run_manifest *manifest, cc_error *err);

/* Hashes every input file of the scenario (SHA-256, lowercase hex) into
 * hashes[i] for scenario->files[i]. Returns CC_OK or CC_ERR_IO. */
cc_status cc_hash_input_files(const cc_scenario *scenario, char (*hashes)[65], cc_error *err);

/* ---- the budget-monitoring table, the headline in words, the workbook ---- */

/* One row of the budget-monitoring table: a budget line (or the lines that
 * cover placements, or all lines) in one financial year. */
typedef struct cc_budget_row {
    char line[CC_NAME_MAX + 16]; /* the line's name in the model, "placement_lines" or "total" */
    char label[CC_TEXT_MAX + 80]; /* in words, e.g. "External foster care" */
    char period[16];             /* "2019/20" */
    double budget_gbp;           /* pro rata in a year the run cuts short; NaN: no budget */
    double p10, p50, p90, mean;  /* the forecast spend on what the line covers, £ */
    double variance_gbp;         /* p50 - budget: positive is an overspend (NaN: no budget) */
    double p_over, p_over_se;    /* the chance of overspending and its standard error */
    double expected_over_gbp;    /* the mean overspend (0 on paths within budget) */
} cc_budget_row;

/* The budget of line l in year y as the engine judges it (l == n_budget_lines:
 * all lines; n_budget_lines + 1: the lines covering placements), pro rata in a
 * year the run cuts short; NaN without one. */
double cc_budget_of(const cc_scenario *scenario, const cc_results *results, size_t l, size_t y);

/* Every line, then the lines covering placements, then all lines, each by
 * financial year, into a new *rows (free()); none when the model has no
 * budget lines. Returns CC_OK or CC_ERR_NOMEM. */
cc_status cc_budget_rows(const cc_scenario *scenario, const cc_results *results,
                         cc_budget_row **rows, size_t *n_rows, cc_error *err);

/* Writes budget.csv: "line,label,period,budget_gbp,forecast_p10_gbp,...". */
cc_status cc_budget_write_csv(FILE *f, const cc_budget_row *rows, size_t n_rows, cc_error *err);

/* The headline in one sentence (UTF-8 text), e.g. "On today's policies we are
 * more than 99% likely to overspend the £64.1m budget in 2019/20, most likely
 * by about £5.5m; by March 2024 the cumulative deficit is most likely £34.0m
 * (£18.2m–£51.0m)." The budget clause is for the first full financial year
 * with a budget; the cumulative clause for the last year. */
void cc_headline_sentence(const cc_scenario *scenario, const cc_results *results, char *buf,
                          size_t size);

/* Writes the workbook at path (an .xlsx file; libxlsxwriter): sheets Headline,
 * Budget monitoring (when the model has budget lines), Annual results,
 * Monthly results and Run. Returns CC_OK, CC_ERR_NOMEM or CC_ERR_IO. */
cc_status cc_workbook_write(const char *path, const cc_scenario *scenario,
                            const cc_results *results, const cc_summary *summary,
                            const cc_run_manifest *manifest, cc_error *err);

/* ---- goal-seek ---- */

/* Writes goalseek.csv: one row with the question (parameter, range, target,
 * probability wanted) and the answer (found, the value and its Monte Carlo
 * uncertainty, the probability reached and its standard error, the
 * probabilities at the ends, runs, paths, and the target's metric at the
 * value: mean, P10, P50, P90; at the top of the range when none was found).
 * Returns CC_OK or CC_ERR_IO. */
cc_status cc_goalseek_write_csv(FILE *f, const cc_param_range *range, const cc_target *target,
                                double probability, const cc_goalseek_result *r, size_t n_paths,
                                cc_error *err);

/* ---- per-path values ---- */

/* Writes paths-annual.bin: every path's value of every metric in every
 * financial year (docs/outputs.md section 4), so that later questions about
 * the run ("carecast query") need no re-run. Returns CC_OK or CC_ERR_IO. */
cc_status cc_paths_write(FILE *f, const cc_results *results, cc_error *err);

/* Reads a file cc_paths_write wrote into a new *out holding the yearly values
 * only (n_months 0; free with cc_results_free). Returns CC_OK, CC_ERR_IO (no
 * such file), CC_ERR_INVALID (not such a file, or damaged) or CC_ERR_NOMEM. */
cc_status cc_paths_read(const char *path, cc_results **out, cc_error *err);

/* ---- metrics in words ---- */

/* How a metric's values read. */
typedef enum cc_value_kind {
    CC_VALUE_COUNT = 0, /* children, households, plans */
    CC_VALUE_MONEY,     /* pounds */
    CC_VALUE_FTE,       /* full-time equivalent staff */
    CC_VALUE_SHARE,     /* a fraction 0-1 of something, e.g. the agency share */
    CC_VALUE_CHANCE,    /* a probability 0-1 (the mean of an indicator) */
    CC_VALUE_CASELOAD,  /* cases per worker */
} cc_value_kind;

typedef struct cc_metric_info {
    char label[CC_TEXT_MAX + 64]; /* "Placement spend: Independent fostering agency" */
    const char *unit;             /* "£", "children", "FTE", "share", "probability", ... */
    cc_value_kind kind;
} cc_metric_info;

/* A label in plain English and the unit of a metric (docs/outputs.md names);
 * scenario (may be NULL) supplies the labels of its placement types, age
 * bands and initiatives. Returns false for a name it does not know, which is
 * put into words ("a.b_c" -> "A b c"). */
bool cc_metric_describe(const cc_scenario *scenario, const char *metric, cc_metric_info *out);

/* A value as people read it: "£31.2m", "901", "27.5 FTE", "21.3%", ">99%". */
void cc_format_value(cc_value_kind kind, double x, char *buf, size_t size);

/* Whole pounds with thousands separators: "£7,334,781", "-£2,500,000". */
void cc_format_gbp(double gbp, char *buf, size_t size);

/* ---- charts and the report ---- */

#define CC_CHARTS_MAX 32
#define CC_CHART_NAME_MAX 32

/* The charts written for a run: NAME.gp draws NAME.svg and NAME.png from NAME.dat. */
typedef struct cc_chart_set {
    size_t n;
    char names[CC_CHARTS_MAX][CC_CHART_NAME_MAX];
} cc_chart_set;

/* Writes, into dir (which must exist), a data file and a gnuplot script for
 * each chart the scenario supports (charts that need budgets, targets,
 * workforce or carers are skipped when the model has none), from the
 * templates in plots/ compiled into the program. Money is in £m. Files are
 * renamed into place when complete. Charts are written in parallel with up to `threads`
 * threads (0 = all); the files are the same for any number. Returns CC_OK, CC_ERR_NOMEM or
 * CC_ERR_IO. */
cc_status cc_charts_write(const char *dir, const cc_scenario *scenario, const cc_results *results,
                          int threads, cc_chart_set *out, cc_error *err);

/* What the writers of a run (CSVs, charts, report) ask of its paths beyond single metrics'
 * statistics: every percentile they use with the scenario's own, and the sums of metrics the
 * charts draw. A run summarised as it ran (src/stream, bounded memory) keeps exactly these.
 * results may hold no values (cc_results_describe). */
void cc_output_plan(const cc_scenario *scenario, const cc_results *results, cc_summary_plan *plan);

/* Writes report.html: one self-contained, printable page with a headline table
 * per financial year, the key assumptions with their sources, the run manifest
 * and, when charts_dir is not NULL, every chart of charts whose SVG exists
 * there, inlined. Returns CC_OK or CC_ERR_IO. */
cc_status cc_report_write(FILE *f, const cc_scenario *scenario, const cc_results *results,
                          const cc_run_manifest *manifest, const char *charts_dir,
                          const cc_chart_set *charts, cc_error *err);

/* ---- comparing scenarios ---- */

#define CC_COMPARED_MAX 8 /* the base and up to seven alternatives */

/* One scenario of a comparison; runs[0] is the base. Every run must have the
 * same paths, seed, start and horizon, so paths pair up (common random numbers). */
typedef struct cc_compared {
    const char *name;             /* short name, e.g. the file's stem */
    const cc_scenario *scenario;
    const cc_results *results;
} cc_compared;

/* Writes compare.csv: "metric,period,scenario,mean,p..." with, for every
 * metric of the base and every month and financial year, a row per scenario
 * (its level) and per alternative "<alt>-minus-<base>" (the path-by-path
 * difference). Returns CC_OK, CC_ERR_NOMEM or CC_ERR_IO. */
cc_status cc_compare_write_csv(FILE *f, const cc_compared *runs, size_t n_runs, const double *pct,
                               size_t n_pct, cc_error *err);

/* Writes charts of the differences from the base (children in care, total
 * spend, FTE need) into dir; see cc_charts_write. */
cc_status cc_compare_charts_write(const char *dir, const cc_compared *runs, size_t n_runs,
                                  cc_chart_set *out, cc_error *err);

/* Writes a self-contained comparison page: side-by-side tables per financial
 * year with the differences (children in care, total and placement spend,
 * social workers needed, then each metric of measures: a level's medians and
 * median difference with P10 to P90, a chance's means and the change in
 * points), the charts, and every scenario's files. A measure the base does not
 * have is left out. */
cc_status cc_compare_report_write_measures(FILE *f, const cc_compared *runs, size_t n_runs,
                                           const char *const *measures, size_t n_measures,
                                           const cc_run_manifest *manifest,
                                           const char *charts_dir, const cc_chart_set *charts,
                                           cc_error *err);
/* The same with no measures beyond the four. */
cc_status cc_compare_report_write(FILE *f, const cc_compared *runs, size_t n_runs,
                                  const cc_run_manifest *manifest, const char *charts_dir,
                                  const cc_chart_set *charts, cc_error *err);

/* ---- sensitivity ---- */

/* cc_sensitivity (one output's swings) is defined in carecast/whatif.h,
 * which computes it. */

/* Writes sensitivity.csv: "output,parameter,key,low,high,base,at_low,at_high,swing"
 * (swing = |at_high - at_low|), largest swing first within each output. */
cc_status cc_sensitivity_write_csv(FILE *f, const cc_sensitivity *outputs, size_t n_outputs,
                                   cc_error *err);

/* Writes a tornado chart of one output into dir as NAME.dat and NAME.gp. */
cc_status cc_tornado_write(const char *dir, const char *name, const cc_sensitivity *s,
                           cc_error *err);

/* ---- the hindcast ---- */

struct cc_hindcast;

/* Writes hindcast.csv: "origin,metric,period,actual,p5,p25,p50,p75,p95,inside50,
 * inside90,interval_score,naive", one row per origin, metric and financial year
 * (interval_score: the 90% interval score divided by the actual). */
cc_status cc_hindcast_write_csv(FILE *f, const struct cc_hindcast *h, cc_error *err);

/* Writes the hindcast's run.json: version, seed, paths, origins and every input
 * file's SHA-256. Returns CC_OK or CC_ERR_IO. */
cc_status cc_hindcast_write_json(FILE *f, const cc_scenario *scenario, const struct cc_hindcast *h,
                                 const cc_run_manifest *manifest, cc_error *err);

/* Writes a chart per origin into dir (hindcast_YYYY: six panels of the forecast
 * as boxes and whiskers against the history's points). Returns CC_OK or CC_ERR_IO. */
cc_status cc_hindcast_charts_write(const char *dir, const cc_scenario *scenario,
                                   const struct cc_hindcast *h, cc_chart_set *out, cc_error *err);

/* Writes the hindcast's report.html: the scores (coverage, errors, interval
 * score beside the naive forecast and band) by horizon and metric, the charts
 * of charts found in charts_dir (may be NULL), every forecast and the files. */
cc_status cc_hindcast_report_write(FILE *f, const cc_scenario *scenario,
                                   const struct cc_hindcast *h, const cc_run_manifest *manifest,
                                   const char *charts_dir, const cc_chart_set *charts,
                                   cc_error *err);

/* ---- text for people (also used by the what-if page) ---- */

/* Writes s with & < > " ' escaped: every text from files, the command line or
 * a request reaches HTML through it. */
void cc_html_text(FILE *f, const char *s);
/* Writes ' name="value"', the value escaped; name is carecast's own. */
void cc_html_attr(FILE *f, const char *name, const char *value);
/* Writes s as a JSON string, quotes included, escaping " \ and control characters. */
void cc_json_string(FILE *f, const char *s);

/* "£12.3m" (or "£0.45m", "-£1.2m"), "901", "27%": numbers as people read them.
 * A chance that is not exactly 0 or 1 never prints as "0%" or "100%". */
void cc_format_money_m(double gbp, char *buf, size_t size);
void cc_format_count(double x, char *buf, size_t size);
void cc_format_percent(double share, char *buf, size_t size);

/* ---- the output directory ---- */

#define CC_OUTPUT_NAME_MAX 64 /* "charts/NAME.ext" */
#define CC_OUTPUTS_MAX 128    /* files of one run */

/* An output directory held by one run: locked against other carecast runs,
 * written through a private staging folder, published so that run.json
 * (written last) lists exactly the files beside it. */
typedef struct cc_rundir cc_rundir;

/* Opens dir for a run: creates it (and parents) if needed; refuses a path
 * that is not a directory and a non-empty directory that holds no earlier
 * carecast run (CC_ERR_INVALID: the user chose them), a `charts` there that
 * is a link or not a directory (CC_ERR_IO), and a
 * directory another carecast run holds (CC_ERR_INVALID: the lock on
 * dir/.carecast.lock is taken without waiting and kept until
 * cc_rundir_free). Removes staging folders left by killed runs, and reads the
 * files the earlier run recorded in run.json ("outputs"). cancel (may be NULL,
 * must outlive rd) is polled while publishing. */
cc_status cc_rundir_open(const char *dir, const atomic_bool *cancel, cc_rundir **out,
                         cc_error *err);
/* Discards what was staged and not published, and releases the lock. */
void cc_rundir_free(cc_rundir *rd);

/* The private staging folder (made on first use) and its charts/ folder:
 * write every output of the run there. */
cc_status cc_rundir_stage(cc_rundir *rd, const char **dir, const char **charts_dir,
                          cc_error *err);

/* The outputs staged so far, and run.json: names relative to the output
 * folder ("annual.csv", "charts/cic_fan.svg"), sorted, owned by rd and valid
 * until the next call; for run.json's "outputs". */
cc_status cc_rundir_collect(cc_rundir *rd, const char *const **names, size_t *n, cc_error *err);

/* Publishes the staged outputs (run.json among them) into the output
 * folder: moves run.json and every file the earlier run recorded, or that
 * this run replaces, aside; moves the new files in, run.json last; then
 * deletes what was moved aside. On a failure, or when *cancel is set before
 * run.json is in place, the earlier run is put back as it was and
 * CC_ERR_IO or CC_ERR_CANCELLED is returned. No other file is touched. */
cc_status cc_rundir_publish(cc_rundir *rd, cc_error *err);


/* A file written under a temporary name (".NAME.XXXXXX.tmp", unique and
 * created anew: never through a link or over someone's file) and renamed into place only when
 * complete, so no reader sees it half-written. Runs write into their
 * staging folder (cc_rundir_stage) this way. */
typedef struct cc_staged_file {
    FILE *f;
    char tmp_path[CC_PATH_MAX + 64];
    char final_path[CC_PATH_MAX + 64];
} cc_staged_file;

cc_status cc_staged_open(const char *dir, const char *name, cc_staged_file *sf, cc_error *err);
/* Flushes and closes the file, checking for write errors (keeps the temp name). */
cc_status cc_staged_close(cc_staged_file *sf, cc_error *err);
/* Renames a closed file to its final name. */
cc_status cc_staged_publish(cc_staged_file *sf, cc_error *err);
/* Closes (if open) and removes the temporary file. */
void cc_staged_discard(cc_staged_file *sf);

/* Writes dir/name through write, staged as above: published only when write
 * and the close succeed; a failed write is reported with its reason (e.g.
 * "No space left on device"). Returns write's status, or CC_ERR_IO. */
typedef cc_status (*cc_file_writer)(FILE *f, const void *context, cc_error *err);
cc_status cc_staged_write(const char *dir, const char *name, cc_file_writer write,
                          const void *context, cc_error *err);

/* The same for a writer that opens the file by name (libxlsxwriter): write
 * gets the temporary name dir/.NAME.tmp to create. dir must be a folder no
 * one else writes to (a run's staging folder, made by mkdtemp), since the
 * writer creates the file by name and would follow a link planted there. */
typedef cc_status (*cc_path_writer)(const char *path, const void *context, cc_error *err);
cc_status cc_staged_write_path(const char *dir, const char *name, cc_path_writer write,
                               const void *context, cc_error *err);

#endif
