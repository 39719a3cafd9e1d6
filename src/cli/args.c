/* Parses the carecast command line into cli_options without side effects. */
#include <stdio.h>
#include <string.h>

#include "cli/args.h"

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

cc_status cli_parse_args(int argc, char **argv, cli_options *opts, cc_error *err)
{
    static const struct {
        const char *flag;
        const char *key;
    } run_flags[] = {{"--paths", "run.paths"},
                     {"--seed", "run.seed"},
                     {"--threads", "run.threads"},
                     {"--out", "run.output_dir"}};
    memset(opts, 0, sizeof *opts);
    opts->command = CLI_HELP;
    if (argc < 2)
        return cc_error_set(err, CC_ERR_INVALID, "missing command");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0)
        return CC_OK;
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        opts->command = CLI_VERSION;
        return CC_OK;
    }
    if (strcmp(cmd, "validate") == 0)
        opts->command = CLI_VALIDATE;
    else if (strcmp(cmd, "run") == 0)
        opts->command = CLI_RUN;
    else
        return cc_error_set(err, CC_ERR_INVALID, "unknown command '%s'", cmd);

    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const bool has_value = i + 1 < argc;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            opts->command = CLI_HELP;
            return CC_OK;
        }
        if (strcmp(a, "--set") == 0) {
            if (!has_value)
                return cc_error_set(err, CC_ERR_INVALID, "--set needs key.path=value");
            if (add_set(opts, argv[++i], err) != CC_OK)
                return CC_ERR_INVALID;
            continue;
        }
        if (strncmp(a, "--set=", 6) == 0) {
            if (add_set(opts, a + 6, err) != CC_OK)
                return CC_ERR_INVALID;
            continue;
        }
        if (opts->command == CLI_RUN && strcmp(a, "--quiet") == 0) {
            opts->quiet = true;
            continue;
        }
        if (opts->command == CLI_RUN && strcmp(a, "--no-charts") == 0) {
            opts->no_charts = true;
            continue;
        }
        bool matched = false;
        for (size_t k = 0; opts->command == CLI_RUN && k < sizeof run_flags / sizeof run_flags[0];
             k++) {
            if (strcmp(a, run_flags[k].flag) != 0)
                continue;
            if (!has_value || argv[i + 1][0] == '\0')
                return cc_error_set(err, CC_ERR_INVALID, "%s needs a value", a);
            if (add_override(opts, run_flags[k].key, argv[++i], err) != CC_OK)
                return CC_ERR_INVALID;
            matched = true;
        }
        if (matched)
            continue;
        if (a[0] == '-' && a[1] != '\0')
            return cc_error_set(err, CC_ERR_INVALID, "unknown option '%s'", a);
        if (opts->scenario_path != NULL)
            return cc_error_set(err, CC_ERR_INVALID, "more than one scenario file ('%s')", a);
        opts->scenario_path = a;
    }
    if (opts->scenario_path == NULL)
        return cc_error_set(err, CC_ERR_INVALID, "%s needs a scenario file", cmd);
    return CC_OK;
}
