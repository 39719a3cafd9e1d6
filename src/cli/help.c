/* carecast's help: the overview (`carecast --help`) and one page per command
 * (`carecast help run`, `carecast run --help`). The options each command
 * takes are listed in src/cli/args.c; a test checks that every one of them
 * appears on its command's page and in the man page (docs/carecast.1). */
#include <stdio.h>
#include <string.h>

#include "carecast/suggest.h"
#include "cli/cli_internal.h"

static const char overview[] =
    "Usage: carecast COMMAND [ARGUMENTS] [OPTIONS]\n"
    "\n"
    "Monte Carlo forecasts of children in care, placements, money and social workers.\n"
    "\n"
    "Commands:\n"
    "  validate     check a scenario and print a short summary of it\n"
    "  run          simulate a scenario; write report.html, CSVs, charts and run.json\n"
    "  compare      run scenarios on the same random numbers and show the differences\n"
    "  sensitivity  swing each parameter from low to high; tornado charts\n"
    "  goalseek     find the value of a parameter that meets a target with a probability\n"
    "  query        the chance that a metric passes a threshold in a finished run\n"
    "  calibrate    build a model file from SSDA903 returns, or fit a model's yearly\n"
    "               processes from its history up to a 31 March\n"
    "  hindcast     forecast from past 31 Marches and score what happened\n"
    "  serve        the what-if page for a meeting: a local web server\n"
    "  help         this overview, or `carecast help COMMAND` for one command\n"
    "\n"
    "Run `carecast help COMMAND` (or `carecast COMMAND --help`) for a command's\n"
    "arguments and options, and `man carecast` for the whole manual.\n"
    "`carecast --version` prints the version.\n"
    "\n"
    "Exit status:\n"
    "  0  success\n"
    "  1  the run failed (I/O or numerical error)\n"
    "  2  invalid usage or an invalid scenario (every problem is listed on stderr\n"
    "     as file:line: key.path: message), or the output directory is in use by\n"
    "     another carecast run\n"
    "  130, 143  stopped by Ctrl-C or SIGTERM; the output directory is left as it was\n";

/* Options shared by the commands that simulate. */
#define RUN_OPTIONS                                                                        \
    "  --paths N             Monte Carlo paths, 1-1000000 (run.paths)\n"                   \
    "  --seed S              master random seed, 0-2147483647 (run.seed)\n"                \
    "  --threads T           worker threads, 0-256; 0 = all cores (run.threads);\n"        \
    "                        results do not depend on it\n"                                \
    "  --set key.path=value  override one scalar of the scenario (e.g.\n"                 \
    "                        levers.entries_change_pct=-10); checked like the file\n"      \
    "  --quiet               no progress bar and no summary line\n"

#define OUT_OPTION(dir)                                                                    \
    "  --out DIR             output directory (default: " dir ");\n"                     \
    "                        created if needed, refused if it is non-empty and holds\n"   \
    "                        no earlier carecast run or another run is using it; a\n"   \
    "                        re-run replaces only the files the earlier one listed\n"

#define EXIT_STATUS                                                                        \
    "\nExit status: 0 success; 1 the run failed (I/O or numerical error); 2 invalid\n"     \
    "usage or an invalid scenario, or the output directory is in use; 130 or 143\n"      \
    "stopped by Ctrl-C or SIGTERM (the output directory is left as it was).\n"

typedef struct help_page {
    const char *command;
    const char *text;
} help_page;

static const help_page pages[] = {
    {"validate",
     "Usage: carecast validate SCENARIO [--set key.path=value ...]\n"
     "\n"
     "Checks a scenario file (and the model files it @includes) and prints a summary:\n"
     "start date, horizon, children in care at the start by placement type, levers\n"
     "set, files read. Every problem is listed at once on stderr as\n"
     "file:line: key.path: message; an unknown key gets a \"did you mean\".\n"
     "\n"
     "Options:\n"
     "  --set key.path=value  override one scalar of the scenario; checked like the\n"
     "                        file\n" EXIT_STATUS},
    {"run",
     "Usage: carecast run SCENARIO [OPTIONS]\n"
     "\n"
     "Simulates the scenario and writes into DIR: report.html (a printable page for a\n"
     "board paper), carecast.xlsx (a workbook: headline, budget monitoring, annual\n"
     "and monthly results in words), budget.csv (budget monitoring, when the model\n"
     "has budget lines), monthly.csv and annual.csv (mean, standard error, sd and\n"
     "percentiles of every metric), paths-annual.bin (every path's yearly values,\n"
     "for carecast query), charts/ (gnuplot scripts, data, SVG and PNG), run.json\n"
     "(what was run, with the SHA-256 of every input file and the files written)\n"
     "and, when the scenario has MTFP initiatives, mtfp.csv. Metrics:\n"
     "docs/outputs.md.\n"
     "\n"
     "Options:\n" RUN_OPTIONS OUT_OPTION("run.output_dir")
     "  --no-charts           skip the charts (faster); the report has none\n"
     "  --memory MODE         paths: keep every path's values; bounded: summarise the\n"
     "                        paths as they run, in memory that does not grow with\n"
     "                        them (some paths are simulated twice; the same\n"
     "                        results to the last digit); auto (the default):\n"
     "                        bounded when keeping would take over 1 GiB or half\n"
     "                        the free memory; a size (500M, 2G): auto, that limit\n"
     "  --precision GOAL      run paths in blocks of 1,024 until GOAL is met, at most\n"
     "                        --paths (run.paths); repeatable. GOAL: se(metric@period)\n"
     "                        < value, the standard error of the mean (e.g.\n"
     "                        'se(cost.total@2023/24)<100k' or\n"
     "                        'se(budget.total.p_over@2023/24)<0.005'), or rse(...) <\n"
     "                        a share of the mean ('rse(cic.total@2024-03)<0.2%').\n"
     "                        Says how many paths it took; the files are those of a\n"
     "                        run of that many paths\n"
     "\n"
     "Example:\n"
     "  carecast run scenarios/baseline.cfg --paths 2000 \\\n"
     "      --set levers.entries_change_pct=-10 --out results/fewer-entries\n"
     EXIT_STATUS},
    {"compare",
     "Usage: carecast compare BASE ALT [ALT2 ...] [OPTIONS]\n"
     "       carecast compare BASE --set-alt key.path=value [...] [OPTIONS]\n"
     "\n"
     "Runs every scenario on the same random numbers (the base's paths, seed and\n"
     "horizon), so each difference is worked out path by path and reflects the\n"
     "scenarios, not chance. Prints each alternative's difference from BASE in the\n"
     "last financial year, and writes compare.csv (levels and differences by month\n"
     "and year), charts of the differences and of the levels side by side, and\n"
     "report.html. Up to 7 alternatives; they must share the base's start date and\n"
     "horizon.\n"
     "\n"
     "Options:\n"
     "  --set-alt k=v         change the alternatives only (repeatable); with no ALT\n"
     "                        file, the alternative is BASE with the change\n"
     "  --measure METRIC      add a measure to the summary and the report\n"
     "                        (repeatable): a metric (cost.placement.ifa) or carers,\n"
     "                        overspend, net position, savings, spend\n" RUN_OPTIONS
     OUT_OPTION("results/compare")
     "  --no-charts           skip the charts\n"
     "\n"
     "Example:\n"
     "  carecast compare scenarios/baseline.cfg scenarios/whatif-fewer-entries.cfg\n"
     "  carecast compare scenarios/baseline.cfg \\\n"
     "      --set-alt levers.entries_change_pct=-10 --measure overspend\n"
     EXIT_STATUS},
    {"sensitivity",
     "Usage: carecast sensitivity SCENARIO [--param key.path:low:high ...]\n"
     "                            [--output metric@period ...] [OPTIONS]\n"
     "\n"
     "Swings each parameter from low to high, one at a time, on the same random\n"
     "numbers, and records each output's mean. Writes sensitivity.csv and a tornado\n"
     "chart per output. Without --param, the model's sensitivity list is used;\n"
     "without --output, total spend and the cumulative net position in the last\n"
     "financial year.\n"
     "\n"
     "Options:\n"
     "  --param k:low:high    a parameter and its range (repeatable), e.g.\n"
     "                        levers.entries_change_pct:-20:10\n"
     "  --output m@period     an output (repeatable), e.g. cic.total@2023/24\n" RUN_OPTIONS
     OUT_OPTION("results/sensitivity")
     "  --no-charts           skip the tornado charts\n" EXIT_STATUS},
    {"goalseek",
     "Usage: carecast goalseek SCENARIO --vary key.path --range low:high\n"
     "                         --target 'metric@period>=value' [--prob P] [OPTIONS]\n"
     "\n"
     "Finds the value of one parameter in [low, high] at which the target is met\n"
     "with probability P, by bisection on the same random numbers. Prints the value\n"
     "with its Monte Carlo uncertainty, or says that no value in the range works.\n"
     "\n"
     "Options:\n"
     "  --vary key.path       the parameter to vary\n"
     "  --range low:high      its range, e.g. 0:60 or 0:30m\n"
     "  --target m@p>=v       the target: >=, >, <=, < (= means >=) and an amount\n"
     "                        such as 7334781, 7.3m, £7,334,781, 750k or 20%\n"
     "  --prob P              the probability wanted, between 0 and 1 (default 0.5)\n"
     "  --out DIR             also write the answer to DIR/goalseek.csv (and run.json)\n"
     RUN_OPTIONS
     "\n"
     "Example:\n"
     "  carecast goalseek scenarios/mtfp-2019.cfg \\\n"
     "      --vary initiatives.edge_of_care.size.mean --range 5:60 \\\n"
     "      --target 'savings.total@2022/23>=7334781' --prob 0.8\n" EXIT_STATUS},
    {"query",
     "Usage: carecast query RUN_DIR 'metric@YYYY/YY > amount' ['...' ...]\n"
     "\n"
     "The chance, over a finished run's paths, that a metric passes a threshold in a\n"
     "financial year, with its Monte Carlo standard error, and the metric's median\n"
     "and 10th to 90th percentile that year. Reads RUN_DIR/paths-annual.bin, which\n"
     "every run writes, so nothing is simulated again. Quote each question whole.\n"
     "Comparisons: >, >=, <, <=. Amounts: 30m, £30m, 30,000,000, 750k, 20% (a\n"
     "share); spaces are ignored. Metrics: docs/outputs.md.\n"
     "\n"
     "Example:\n"
     "  carecast query results/baseline 'cost.placements.total@2020/21 > 30m' \\\n"
     "      'net.cumulative@2023/24 < -30m'\n" EXIT_STATUS},
    {"calibrate",
     "Usage: carecast calibrate --ssda903 DIR [--window-start DATE]\n"
     "                          [--window-end DATE] [--mapping FILE] [--out FILE]\n"
     "       carecast calibrate SCENARIO --as-at YYYY-03-31 [--out FILE] [--set ...]\n"
     "\n"
     "With --ssda903: reads the SSDA903 header and episodes CSVs in DIR (and its\n"
     "subfolders) and writes a model file with stocks, entries, exits and moves\n"
     "estimated over the window. Data problems are listed on stderr as\n"
     "file:row: COLUMN: message (docs/calibration.md section 17).\n"
     "\n"
     "With a scenario and --as-at: fits the model's yearly processes (entries, exits,\n"
     "CIN, CP, care leavers) from its history up to that 31 March only, and writes a\n"
     "calibration section to @include after the model, with the derivation as\n"
     "comments (docs/calibration.md section 18).\n"
     "\n"
     "Options:\n"
     "  --as-at DATE          the 31 March up to which history is used\n"
     "  --set key.path=value  override one scalar of the scenario\n"
     "  --ssda903 DIR         the folder of returns\n"
     "  --window-start DATE   start of the estimation window (dd/mm/yyyy or\n"
     "                        yyyy-mm-dd; default: three years before its end)\n"
     "  --window-end DATE     end of the window (default: the last date in the data)\n"
     "  --mapping FILE        how PLACE and REC codes and ages are grouped (default:\n"
     "                        the built-in one, as models/ssda903/mapping-default.csv)\n"
     "  --out FILE            the file to write (default: stdout)\n" EXIT_STATUS},
    {"hindcast",
     "Usage: carecast hindcast SCENARIO --origins FIRST:LAST [--horizon-years N]\n"
     "                         [OPTIONS]\n"
     "\n"
     "For each 31 March from FIRST to LAST, calibrates as at that date, simulates N\n"
     "financial years and scores the forecast against the model's history: writes\n"
     "hindcast.csv, a chart per origin, report.html and run.json, and prints how\n"
     "often the 50% and 90% ranges held\n"
     "what happened, the errors of the median and the interval score, beside the\n"
     "\"no change\" forecast (docs/calibration.md section 18).\n"
     "\n"
     "Options:\n"
     "  --origins A:B         the years of the first and last origin 31 March, e.g.\n"
     "                        2019:2023\n"
     "  --horizon-years N     financial years simulated from each origin (1-10,\n"
     "                        default 1)\n" RUN_OPTIONS OUT_OPTION("results/hindcast")
     "  --no-charts           skip the charts\n" EXIT_STATUS},
    {"serve",
     "Usage: carecast serve SCENARIO [--port N] [--host H] [--paths N] [--threads T]\n"
     "                      [--save-dir DIR]\n"
     "\n"
     "Starts the what-if page for a meeting: a web server that runs the scenario once,\n"
     "then answers every change of its levers and initiatives (each from a chosen\n"
     "month) by running the what-if on the same random numbers, showing levels and\n"
     "differences (median and P10 to P90) within about a second. Prints the address\n"
     "to open; Ctrl-C stops it. \"Save as scenario\" writes NAME.cfg into the save\n"
     "folder (never over a file unless asked); the downloads equal what `carecast\n"
     "compare` and `carecast run --set` write. The JSON API: docs/outputs.md\n"
     "section 9.\n"
     "\n"
     "Options:\n"
     "  --port N              the port, 0-65535 (default 8080; 0: any free port)\n"
     "  --host H              the address to listen on (default 127.0.0.1); any\n"
     "                        address that is not loopback needs the token printed\n"
     "                        with the address\n"
     "  --paths N             Monte Carlo paths of every run, 1-1000000 (default 2000)\n"
     "  --threads T           worker threads, 0-256; 0 = all cores\n"
     "  --save-dir DIR        where saved scenarios go (default: the scenario's\n"
     "                        folder)\n"
     "\n"
     "Example:\n"
     "  carecast serve scenarios/mtfp-2019.cfg --save-dir results\n" EXIT_STATUS},
    {"help",
     "Usage: carecast help [COMMAND]\n"
     "\n"
     "Prints the overview, or the arguments and options of COMMAND.\n"},
};

const char *const *cli_command_names(size_t *n)
{
    static const char *const names[] = {"validate",  "run",      "compare", "sensitivity",
                                        "goalseek",  "query",     "calibrate", "hindcast",
                                        "serve",
                                        "help"};
    *n = sizeof names / sizeof names[0];
    return names;
}

int cli_help(FILE *out, const char *topic)
{
    if (topic == NULL) {
        fputs(overview, out);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++)
        if (strcmp(topic, pages[i].command) == 0) {
            fputs(pages[i].text, out);
            return EXIT_OK;
        }
    size_t n = 0;
    const char *const *names = cli_command_names(&n);
    const char *hint = cc_suggest_name(topic, names, n);
    fprintf(stderr, "carecast: error: no command '%s'%s%s%s; commands: validate, run, compare, "
                    "sensitivity, goalseek, query, calibrate, hindcast, serve\n",
            topic, hint != NULL ? " (did you mean '" : "", hint != NULL ? hint : "",
            hint != NULL ? "'?)" : "");
    return EXIT_INVALID;
}
