/* Parses the carecast command line into cli_options without side effects. */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carecast/scenario.h"
#include "carecast/suggest.h"
#include "cli/args.h"

#define SEED_MAX 2147483647LL /* run.seed's range (docs/scenario-format.md) */

/* Checks that value is a whole number in decimal within [lo, hi] and writes
 * it to out in plain form, so the scenario loader reads the same number: a
 * value beyond 32 bits must not wrap round to a valid one. */
static cc_status parse_whole(const char *flag, const char *value, long long lo, long long hi,
                             char *out, size_t size, cc_error *err)
{
    const char *digits = value + (value[0] == '-' || value[0] == '+');
    char *end = NULL;
    errno = 0;
    const long long v = strtoll(value, &end, 10);
    if (!isdigit((unsigned char)digits[0]) || *end != '\0')
        return cc_error_set(err, CC_ERR_INVALID,
                            "%s needs a whole number from %lld to %lld, got '%.40s'", flag, lo,
                            hi, value);
    if (errno == ERANGE || v < lo || v > hi)
        return cc_error_set(err, CC_ERR_INVALID, "%s must be from %lld to %lld, got '%.40s'",
                            flag, lo, hi, value);
    snprintf(out, size, "%lld", v);
    return CC_OK;
}

static cc_status add_override(cli_options *opts, const char *key, const char *value,
                              cc_error *err)
{
    if (opts->n_overrides >= CLI_OVERRIDES_MAX)
        return cc_error_set(err, CC_ERR_INVALID, "too many overrides (at most %d)",
                            CLI_OVERRIDES_MAX);
    if (strlen(key) >= CLI_ARG_MAX || strlen(value) >= CLI_ARG_MAX)
        return cc_error_set(err, CC_ERR_INVALID, "override '%s' is too long", key);
    const size_t i = opts->n_overrides++;
    snprintf(opts->keys[i], CLI_ARG_MAX, "%s", key);
    snprintf(opts->values[i], CLI_ARG_MAX, "%s", value);
    opts->overrides[i].key_path = opts->keys[i];
    opts->overrides[i].value = opts->values[i];
    return CC_OK;
}

static cc_status add_set(cli_options *opts, const char *arg, cc_error *err)
{
    const char *eq = strchr(arg, '=');
    if (eq == NULL || eq == arg)
        return cc_error_set(err, CC_ERR_INVALID, "--set needs key.path=value, got '%s'", arg);
    char key[CLI_ARG_MAX];
    const size_t n = (size_t)(eq - arg);
    if (n >= sizeof key)
        return cc_error_set(err, CC_ERR_INVALID, "--set key is too long");
    memcpy(key, arg, n);
    key[n] = '\0';
    return add_override(opts, key, eq + 1, err);
}

#define ON(c) (1u << (c))
#define SIMULATING                                                                         \
    (ON(CLI_RUN) | ON(CLI_COMPARE) | ON(CLI_SENSITIVITY) | ON(CLI_GOALSEEK) | ON(CLI_HINDCAST))
#define WRITING (ON(CLI_RUN) | ON(CLI_COMPARE) | ON(CLI_SENSITIVITY) | ON(CLI_HINDCAST))

static const cli_option_spec option_specs[] = {
    {"--set", SIMULATING | ON(CLI_VALIDATE) | ON(CLI_CALIBRATE), true},
    {"--paths", SIMULATING | ON(CLI_SERVE), true},
    {"--seed", SIMULATING, true},
    {"--threads", SIMULATING | ON(CLI_SERVE), true},
    {"--out", WRITING | ON(CLI_GOALSEEK) | ON(CLI_CALIBRATE), true},
    {"--quiet", SIMULATING, false},
    {"--no-charts", WRITING, false},
    {"--memory", ON(CLI_RUN), true},
    {"--precision", ON(CLI_RUN), true},
    {"--set-alt", ON(CLI_COMPARE), true},
    {"--measure", ON(CLI_COMPARE), true},
    {"--param", ON(CLI_SENSITIVITY), true},
    {"--output", ON(CLI_SENSITIVITY), true},
    {"--vary", ON(CLI_GOALSEEK), true},
    {"--range", ON(CLI_GOALSEEK), true},
    {"--target", ON(CLI_GOALSEEK), true},
    {"--prob", ON(CLI_GOALSEEK), true},
    {"--ssda903", ON(CLI_CALIBRATE), true},
    {"--window-start", ON(CLI_CALIBRATE), true},
    {"--window-end", ON(CLI_CALIBRATE), true},
    {"--mapping", ON(CLI_CALIBRATE), true},
    {"--as-at", ON(CLI_CALIBRATE), true},
    {"--origins", ON(CLI_HINDCAST), true},
    {"--horizon-years", ON(CLI_HINDCAST), true},
    {"--port", ON(CLI_SERVE), true},
    {"--host", ON(CLI_SERVE), true},
    {"--save-dir", ON(CLI_SERVE), true},
    {"--help", ~0u, false},
};

const cli_option_spec *cli_option_specs(size_t *n)
{
    *n = sizeof option_specs / sizeof option_specs[0];
    return option_specs;
}

/* Refuses an option the command does not take, naming the command that does,
 * or the nearest option it does take ("did you mean"). */
static cc_status check_option(cli_command command, const char *cmd, const char *flag,
                              bool has_value, cc_error *err)
{
    const char *takers[sizeof option_specs / sizeof option_specs[0]];
    size_t n_takers = 0;
    for (size_t i = 0; i < sizeof option_specs / sizeof option_specs[0]; i++) {
        const bool taken = (option_specs[i].commands & ON(command)) != 0;
        if (strcmp(flag, option_specs[i].flag) == 0) {
            if (taken && option_specs[i].takes_value && !has_value)
                return cc_error_set(err, CC_ERR_INVALID, "%s needs a value", flag);
            if (taken)
                return CC_OK;
            return cc_error_set(err, CC_ERR_INVALID,
                                "'%s' is not an option of %s (see 'carecast help %s')", flag,
                                cmd, cmd);
        }
        if (taken)
            takers[n_takers++] = option_specs[i].flag;
    }
    const char *hint = cc_suggest_name(flag, takers, n_takers);
    if (hint != NULL)
        return cc_error_set(err, CC_ERR_INVALID, "unknown option '%s' (did you mean '%s'?)", flag,
                            hint);
    return cc_error_set(err, CC_ERR_INVALID, "unknown option '%s' (see 'carecast help %s')",
                        flag, cmd);
}

static bool runs_scenarios(cli_command c)
{
    return c == CLI_RUN || c == CLI_COMPARE || c == CLI_SENSITIVITY || c == CLI_GOALSEEK ||
           c == CLI_HINDCAST;
}

static cc_status take_calibrate_value(cli_options *opts, const char *flag, const char *value,
                                      bool *matched)
{
    static const char *const flags[] = {"--ssda903", "--window-start", "--window-end",
                                        "--mapping", "--out", "--as-at"};
    const char **fields[] = {&opts->ssda903_dir, &opts->window_start, &opts->window_end,
                             &opts->mapping, &opts->out_file, &opts->as_at};
    *matched = false;
    for (size_t k = 0; k < sizeof flags / sizeof flags[0] && !*matched; k++)
        if (strcmp(flag, flags[k]) == 0) {
            *fields[k] = value;
            *matched = true;
        }
    return CC_OK;
}

/* serve's options: --port, --host, --paths, --threads, --save-dir. */
static cc_status take_serve_value(cli_options *opts, const char *flag, const char *value,
                                  bool *matched, cc_error *err)
{
    static const struct {
        const char *flag;
        long long lo, hi;
    } numbers[] = {{"--port", 0, 65535}, {"--paths", 1, CC_PATHS_MAX}, {"--threads", 0, CC_THREADS_MAX}};
    *matched = true;
    for (size_t k = 0; k < sizeof numbers / sizeof numbers[0]; k++) {
        if (strcmp(flag, numbers[k].flag) != 0)
            continue;
        char number[32];
        if (parse_whole(flag, value, numbers[k].lo, numbers[k].hi, number, sizeof number, err) !=
            CC_OK)
            return CC_ERR_INVALID;
        long *field[] = {&opts->port, &opts->serve_paths, &opts->serve_threads};
        *field[k] = strtol(number, NULL, 10);
        return CC_OK;
    }
    if (strcmp(flag, "--host") == 0 && value[0] != '\0')
        opts->host = value;
    else if (strcmp(flag, "--save-dir") == 0 && value[0] != '\0')
        opts->save_dir = value;
    else
        *matched = false;
    return CC_OK;
}

/* run --memory auto|paths|bounded|SIZE: SIZE (bytes, or with k, M or G: 1024s) is auto with
 * that limit on the memory the paths may take. */
static cc_status parse_memory(cli_options *opts, const char *value, cc_error *err)
{
    static const char *const modes[] = {"auto", "paths", "bounded"};
    for (size_t k = 0; k < 3; k++)
        if (strcmp(value, modes[k]) == 0) {
            opts->memory = (cli_memory)k;
            return CC_OK;
        }
    char *end = NULL;
    errno = 0;
    const unsigned long long n = strtoull(value, &end, 10);
    unsigned shift = 0; /* bytes, or k, M or G alone after the digits; 64 marks anything else */
    if (end != NULL && end[0] != '\0')
        shift = end[1] != '\0' ? 64 : end[0] == 'k' ? 10 : end[0] == 'M' ? 20 : end[0] == 'G' ? 30 : 64;
    if (end == value || !isdigit((unsigned char)value[0]) || errno == ERANGE || shift == 64 ||
        n == 0 || n > (SIZE_MAX >> shift))
        return cc_error_set(err, CC_ERR_INVALID,
                            "--memory takes auto, paths, bounded or a size such as 500M or 2G, "
                            "got '%.40s'",
                            value);
    opts->memory = CLI_MEMORY_AUTO;
    opts->memory_limit = (size_t)n << shift;
    return CC_OK;
}

/* compare's own options: --set-alt key=value and --measure metric. */
static cc_status take_compare_value(cli_options *opts, const char *flag, const char *value,
                                    bool *matched, cc_error *err)
{
    *matched = true;
    if (strcmp(flag, "--measure") == 0) {
        if (opts->n_measures >= CLI_LIST_MAX)
            return cc_error_set(err, CC_ERR_INVALID, "at most %d --measure", CLI_LIST_MAX);
        opts->measures[opts->n_measures++] = value;
        return CC_OK;
    }
    if (strcmp(flag, "--set-alt") != 0) {
        *matched = false;
        return CC_OK;
    }
    const char *eq = strchr(value, '=');
    if (eq == NULL || eq == value || opts->n_alt_overrides >= CLI_ALT_OVERRIDES_MAX ||
        (size_t)(eq - value) >= CLI_ARG_MAX || strlen(eq + 1) >= CLI_ARG_MAX)
        return cc_error_set(err, CC_ERR_INVALID,
                            "--set-alt needs key.path=value (at most %d), got '%.80s'",
                            CLI_ALT_OVERRIDES_MAX, value);
    const size_t i = opts->n_alt_overrides++;
    snprintf(opts->alt_keys[i], CLI_ARG_MAX, "%.*s", (int)(eq - value), value);
    snprintf(opts->alt_values[i], CLI_ARG_MAX, "%s", eq + 1);
    return CC_OK;
}

/* Options that take a value and fill a field (not an override). */
static cc_status take_value(cli_options *opts, const char *flag, const char *value,
                            bool *matched, cc_error *err)
{
    *matched = true;
    if (opts->command == CLI_SERVE)
        return take_serve_value(opts, flag, value, matched, err);
    if (opts->command == CLI_COMPARE)
        return take_compare_value(opts, flag, value, matched, err);
    if (opts->command == CLI_SENSITIVITY && strcmp(flag, "--param") == 0) {
        if (opts->n_params >= CLI_LIST_MAX)
            return cc_error_set(err, CC_ERR_INVALID, "at most %d --param", CLI_LIST_MAX);
        opts->params[opts->n_params++] = value;
    } else if (opts->command == CLI_SENSITIVITY && strcmp(flag, "--output") == 0) {
        if (opts->n_outputs >= CLI_LIST_MAX)
            return cc_error_set(err, CC_ERR_INVALID, "at most %d --output", CLI_LIST_MAX);
        opts->outputs[opts->n_outputs++] = value;
    } else if (opts->command == CLI_GOALSEEK && strcmp(flag, "--vary") == 0) {
        opts->vary = value;
    } else if (opts->command == CLI_GOALSEEK && strcmp(flag, "--range") == 0) {
        opts->range = value;
    } else if (opts->command == CLI_GOALSEEK && strcmp(flag, "--target") == 0) {
        opts->target = value;
    } else if (opts->command == CLI_GOALSEEK && strcmp(flag, "--prob") == 0) {
        char *end = NULL;
        opts->probability = strtod(value, &end);
        if (end == value || *end != '\0' || !(opts->probability > 0.0) ||
            !(opts->probability < 1.0))
            return cc_error_set(err, CC_ERR_INVALID,
                                "--prob needs a probability between 0 and 1, got '%s'", value);
    } else if (opts->command == CLI_RUN && strcmp(flag, "--memory") == 0) {
        return parse_memory(opts, value, err);
    } else if (opts->command == CLI_RUN && strcmp(flag, "--precision") == 0) {
        if (opts->n_precision >= CLI_PRECISION_MAX)
            return cc_error_set(err, CC_ERR_INVALID, "at most %d --precision",
                                CLI_PRECISION_MAX);
        opts->precision[opts->n_precision++] = value;
    } else if (opts->command == CLI_CALIBRATE) {
        return take_calibrate_value(opts, flag, value, matched);
    } else if (opts->command == CLI_HINDCAST && strcmp(flag, "--origins") == 0) {
        opts->origins = value;
    } else if (opts->command == CLI_HINDCAST && strcmp(flag, "--horizon-years") == 0) {
        char number[32];
        if (parse_whole(flag, value, 1, 10, number, sizeof number, err) != CC_OK)
            return CC_ERR_INVALID;
        opts->horizon_years = atoi(number);
    } else {
        *matched = false;
    }
    return CC_OK;
}

/* calibrate has two modes: --ssda903 DIR, or a scenario's history --as-at a 31 March. */
static cc_status check_calibrate(const cli_options *opts, cc_error *err)
{
    if (opts->ssda903_dir != NULL && opts->n_scenarios > 0)
        return cc_error_set(err, CC_ERR_INVALID,
                            "calibrate takes --ssda903 DIR or a scenario, not both");
    if (opts->ssda903_dir == NULL && opts->n_scenarios == 0)
        return cc_error_set(err, CC_ERR_INVALID,
                            "calibrate needs --ssda903 DIR, or a scenario and --as-at DATE");
    if (opts->n_scenarios > 0 && opts->as_at == NULL)
        return cc_error_set(err, CC_ERR_INVALID,
                            "calibrate SCENARIO needs --as-at DATE (a 31 March, e.g. 2019-03-31)");
    if (opts->ssda903_dir != NULL && opts->as_at != NULL)
        return cc_error_set(err, CC_ERR_INVALID, "--as-at is for calibrating a scenario, not "
                                                 "--ssda903 (which takes --window-end)");
    if (opts->ssda903_dir != NULL && opts->ssda903_dir[0] == '\0')
        return cc_error_set(err, CC_ERR_INVALID, "--ssda903 needs a directory");
    return CC_OK;
}

static cc_status parse(int argc, char **argv, cli_options *opts, cc_error *err)
{
    static const struct {
        const char *flag;
        const char *key;
        long long lo, hi; /* a whole number's range; hi < lo for text */
    } run_flags[] = {{"--paths", "run.paths", 1, CC_PATHS_MAX},
                     {"--seed", "run.seed", 0, SEED_MAX},
                     {"--threads", "run.threads", 0, CC_THREADS_MAX},
                     {"--out", "run.output_dir", 0, -1}};
    static const struct {
        const char *name;
        cli_command command;
    } commands[] = {{"validate", CLI_VALIDATE},       {"run", CLI_RUN},
                    {"compare", CLI_COMPARE},         {"sensitivity", CLI_SENSITIVITY},
                    {"goalseek", CLI_GOALSEEK},       {"calibrate", CLI_CALIBRATE},
                    {"hindcast", CLI_HINDCAST},         {"serve", CLI_SERVE},
                    {"query", CLI_QUERY}};
    memset(opts, 0, sizeof *opts);
    opts->command = CLI_HELP;
    opts->probability = 0.5;
    opts->horizon_years = 1;
    opts->port = 8080; /* CC_SERVE_DEFAULT_PORT */
    if (argc < 2)
        return cc_error_set(err, CC_ERR_INVALID, "missing command");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0)
        return CC_OK;
    if (strcmp(cmd, "help") == 0) {
        if (argc > 3)
            return cc_error_set(err, CC_ERR_INVALID, "help takes one command, e.g. 'help run'");
        opts->help_topic = argc == 3 ? argv[2] : NULL;
        return CC_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        opts->command = CLI_VERSION;
        return CC_OK;
    }
    bool known = false;
    for (size_t k = 0; k < sizeof commands / sizeof commands[0] && !known; k++)
        if (strcmp(cmd, commands[k].name) == 0) {
            opts->command = commands[k].command;
            known = true;
        }
    if (!known) {
        const char *names[sizeof commands / sizeof commands[0]];
        for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
            names[k] = commands[k].name;
        const char *hint = cc_suggest_name(cmd, names, sizeof names / sizeof names[0]);
        if (hint != NULL)
            return cc_error_set(err, CC_ERR_INVALID, "unknown command '%s' (did you mean '%s'?)",
                                cmd, hint);
        return cc_error_set(err, CC_ERR_INVALID, "unknown command '%s'", cmd);
    }

    const bool simulates = runs_scenarios(opts->command);
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const bool has_value = i + 1 < argc;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            opts->command = CLI_HELP;
            opts->help_topic = cmd;
            return CC_OK;
        }
        if (a[0] == '-' && a[1] == '-' && check_option(opts->command, cmd, a, has_value, err) != CC_OK)
            return CC_ERR_INVALID;
        if (strcmp(a, "--set") == 0) {
            if (!has_value)
                return cc_error_set(err, CC_ERR_INVALID, "--set needs key.path=value");
            if (add_set(opts, argv[++i], err) != CC_OK)
                return CC_ERR_INVALID;
            continue;
        }
        if (simulates && strcmp(a, "--quiet") == 0) {
            opts->quiet = true;
            continue;
        }
        if (simulates && opts->command != CLI_GOALSEEK && strcmp(a, "--no-charts") == 0) {
            opts->no_charts = true;
            continue;
        }
        bool matched = false;
        if (a[0] == '-' && a[1] == '-' && has_value) {
            if (take_value(opts, a, argv[i + 1], &matched, err) != CC_OK)
                return CC_ERR_INVALID;
            if (matched) {
                i++;
                continue;
            }
        }
        for (size_t k = 0; simulates && k < sizeof run_flags / sizeof run_flags[0]; k++) {
            if (strcmp(a, run_flags[k].flag) != 0)
                continue;
            if (!has_value || argv[i + 1][0] == '\0')
                return cc_error_set(err, CC_ERR_INVALID, "%s needs a value", a);
            const char *value = argv[++i];
            char number[32];
            if (run_flags[k].hi >= run_flags[k].lo) {
                if (parse_whole(a, value, run_flags[k].lo, run_flags[k].hi, number,
                                sizeof number, err) != CC_OK)
                    return CC_ERR_INVALID;
                value = number;
            }
            if (add_override(opts, run_flags[k].key, value, err) != CC_OK)
                return CC_ERR_INVALID;
            matched = true;
        }
        if (matched)
            continue;
        if (a[0] == '-' && a[1] != '\0')
            return cc_error_set(err, CC_ERR_INVALID, "unknown option '%s' (see 'carecast help %s')",
                                a, cmd);
        const bool many = opts->command == CLI_COMPARE || opts->command == CLI_QUERY;
        const size_t max = many ? CLI_SCENARIOS_MAX : 1;
        if (opts->n_scenarios >= max)
            return cc_error_set(err, CC_ERR_INVALID, "%s ('%s')",
                                max == 1                         ? "more than one scenario file"
                                : opts->command == CLI_QUERY ? "at most 7 questions at once"
                                                             : "at most 8 scenarios to compare",
                                a);
        opts->scenarios[opts->n_scenarios++] = a;
    }
    opts->scenario_path = opts->scenarios[0];
    if (opts->command == CLI_CALIBRATE)
        return check_calibrate(opts, err);
    if (opts->command == CLI_QUERY && opts->n_scenarios < 2)
        return cc_error_set(err, CC_ERR_INVALID,
                            "query needs a run's folder and a question, e.g. "
                            "query results/baseline 'cost.placements.total@2020/21 > 30m'");
    if (opts->n_scenarios == 0)
        return cc_error_set(err, CC_ERR_INVALID, "%s needs a scenario file", cmd);
    if (opts->command == CLI_COMPARE && opts->n_scenarios < 2 && opts->n_alt_overrides == 0)
        return cc_error_set(err, CC_ERR_INVALID,
                            "compare needs a base scenario and an alternative: a second file, or "
                            "--set-alt key.path=value for the base with that change");
    if (opts->command == CLI_HINDCAST && opts->origins == NULL)
        return cc_error_set(err, CC_ERR_INVALID, "hindcast needs --origins FIRST:LAST, e.g. "
                                                 "--origins 2019:2023 (years of 31 March)");
    if (opts->command == CLI_GOALSEEK && (opts->vary == NULL || opts->target == NULL ||
                                          opts->range == NULL))
        return cc_error_set(err, CC_ERR_INVALID,
                            "goalseek needs --vary key.path, --range low:high and "
                            "--target metric@period>=value");
    return CC_OK;
}

/* Splits "--flag=value" into "--flag" "value" (GNU style), then parses. The
 * values stay pointers into argv; the flags live only while parsing. */
cc_status cli_parse_args(int argc, char **argv, cli_options *opts, cc_error *err)
{
    enum { FLAG_MAX = 64 };
    char **args = malloc(2 * (size_t)(argc + 1) * sizeof *args);
    char(*flags)[FLAG_MAX] = malloc((size_t)(argc + 1) * sizeof *flags);
    if (args == NULL || flags == NULL) {
        free(args);
        free(flags);
        return cc_error_set(err, CC_ERR_NOMEM, "out of memory");
    }
    int n = 0;
    for (int i = 0; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        const size_t len = eq != NULL ? (size_t)(eq - argv[i]) : 0;
        if (i >= 2 && strncmp(argv[i], "--", 2) == 0 && eq != NULL && len < FLAG_MAX) {
            memcpy(flags[i], argv[i], len);
            flags[i][len] = '\0';
            args[n++] = flags[i];
            args[n++] = argv[i] + len + 1;
        } else {
            args[n++] = argv[i];
        }
    }
    args[n] = NULL;
    const cc_status st = parse(n, args, opts, err);
    free(flags);
    free(args);
    return st;
}
