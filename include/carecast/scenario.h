/* A scenario as plain data: the calibrated model (position, flows, placement
 * types, costs, workforce, budgets) plus run settings and levers. The config
 * module fills it from libconfig files; nothing here depends on libconfig.
 * Every figure keeps the human unit the user typed; the engine converts. */
#ifndef CARECAST_SCENARIO_H
#define CARECAST_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "carecast/process.h"
#include "carecast/status.h"

#define CC_NAME_MAX 48         /* identifiers: placement types, bands, teams */
#define CC_WARNINGS_MAX 16     /* warnings kept with a scenario */
#define CC_TEXT_MAX 160        /* labels and titles */
#define CC_PATH_MAX 1024       /* file paths */
#define CC_MAX_BANDS 8         /* age bands */
#define CC_MAX_PLACEMENTS 16   /* placement types */
#define CC_MAX_MOVES 16        /* placement move rules */
#define CC_MAX_TEAMS 12        /* workforce teams */
#define CC_MAX_BUDGET_LINES 16 /* budget lines */
#define CC_MAX_YEARS 20        /* financial years with budgets or targets */
#define CC_MAX_INITIATIVES 16  /* MTFP initiatives */
#define CC_MAX_PERCENTILES 15  /* reported percentiles */
#define CC_MAX_FILES 32        /* scenario and model files read */
#define CC_MAX_ASSUMPTIONS 64  /* key assumptions listed in reports */
#define CC_MAX_HISTORY 24      /* actual month-end counts drawn on charts */
#define CC_HISTORY_YEARS_MAX 40 /* financial years of history */
#define CC_MAX_SENSITIVITY 16  /* default parameters of a sensitivity analysis */
#define CC_MAX_ALLOWANCES 6    /* kinds of allowance paid after care (SGO, CAO, adoption) */
#define CC_MAX_OTHER_COSTS 8   /* cost lines that are not a child in care */
#define CC_MAX_CONTRIBUTIONS 6 /* income lines tied to a share of costs */

#define CC_HORIZON_MAX_MONTHS 240 /* twenty years */
#define CC_PATHS_MAX 1000000
#define CC_THREADS_MAX 256
#define CC_INDEX_YEARS (CC_HORIZON_MAX_MONTHS / 12 + 1) /* financial years a run can touch */

/* How a parameter is drawn once per path when parameter uncertainty is on. */
typedef enum cc_dist {
    CC_DIST_FIXED = 0, /* no uncertainty given */
    CC_DIST_GAMMA,     /* positive rate with the given mean and sd */
    CC_DIST_BETA,      /* a percentage (0-100) with the given mean and sd */
    CC_DIST_NORMAL,    /* may be negative (price inflation); drawn by the cost model */
} cc_dist;

/* A rate or amount that may be uncertain. A scalar in the file gives a fixed
 * value; a group { mean = ..; sd = ..; } or { observed = ..; years = ..; }
 * gives a distribution (observed events over years: gamma, mean
 * observed/years, sd sqrt(observed)/years). */
typedef struct cc_param {
    double mean;  /* central value, in the key's unit */
    double sd;    /* standard deviation, same unit; 0 when fixed */
    cc_dist dist; /* how it is drawn per path */
} cc_param;

/* A deterministic price index by financial year of the run (pay award,
 * overheads, care leavers, ...): annual_pct[y] is the change, in %, that takes
 * effect at the start of financial year y, where y = 0 is the year holding the
 * model's start date. An amount written at the start date's prices costs
 * amount x prod over k <= y of (1 + annual_pct[k] / 100) in year y
 * (cc_price_index_factor). In a file it is one number, meaning 0 in the first
 * year and that change every April after, or an array by financial year from
 * the first (its first element may be non-zero: a change within the first
 * year), the last element carried on. All zero means flat cash. */
typedef struct cc_price_index {
    double annual_pct[CC_INDEX_YEARS]; /* % change from the start of each financial year */
} cc_price_index;

typedef enum cc_exit_route {
    CC_EXIT_RETURN_HOME = 0,
    CC_EXIT_SGO,
    CC_EXIT_ADOPTION,
    CC_EXIT_OTHER,
    CC_EXIT_ROUTES
} cc_exit_route;

typedef enum cc_capacity {
    CC_CAPACITY_NONE = 0, /* unlimited (bought-in or not capacity-planned) */
    CC_CAPACITY_CARERS,   /* in-house foster carer places */
    CC_CAPACITY_BEDS,     /* a fixed number of in-house beds */
} cc_capacity;

typedef struct cc_age_band {
    char name[CC_NAME_MAX];      /* e.g. "age_10_15" */
    int min_age_years;           /* inclusive */
    int max_age_years;           /* inclusive */
    double exit_rate_multiplier; /* scales every exit route for this band */
} cc_age_band;

typedef struct cc_placement {
    char name[CC_NAME_MAX];                    /* e.g. "ifa" */
    char label[CC_TEXT_MAX];                   /* e.g. "Independent fostering agency" */
    int start_children;                        /* children at the start date */
    double start_age_shares[CC_MAX_BANDS];     /* shares by band, sum 1 */
    cc_param exit_annual_pct[CC_EXIT_ROUTES];  /* by route: % leaving per year (a probability),
                                                  or events per child-year when exit_is_rate */
    bool exit_is_rate[CC_EXIT_ROUTES];         /* given as `<route>_annual_rate` */
    cc_param weekly_cost_gbp;                  /* unit cost, pounds per child-week */
    cc_param annual_price_inflation_pct;       /* drawn per path and year */
    cc_capacity capacity;                      /* capacity rule */
    int beds;                                  /* places when capacity is BEDS */
    int overflow_to;                           /* placement index, or -1 */
    int preferred_over;                        /* capped types: takes this type's children
                                                  while a place is free; -1 = none */
} cc_placement;

typedef enum cc_when_full {
    CC_WHEN_FULL_STAY = 0, /* the child stays where they are */
    CC_WHEN_FULL_OVERFLOW, /* the child goes to the target's overflow type */
} cc_when_full;

typedef struct cc_move {
    char name[CC_NAME_MAX];
    int from;              /* placement index */
    int to;                /* placement index */
    cc_param annual_pct;   /* % of children in `from` moving per year */
    cc_when_full when_full;
    unsigned bands;        /* bit b: applies to age band b; all bands when the file names none */
} cc_move;

typedef struct cc_entries {
    cc_param annual_children;          /* entries per year not linked to CP */
    double annual_trend_pct;           /* compound change per year, % */
    double monthly_pattern[12];        /* relative weights Jan..Dec, mean 1 */
    double age_shares[CC_MAX_BANDS];   /* entries by band, sum 1 */
    double first_placement[CC_MAX_BANDS][CC_MAX_PLACEMENTS]; /* by band, sum 1 */
} cc_entries;

typedef struct cc_plan_stock {
    int start_children;              /* children on a plan at the start */
    cc_param annual_starts;          /* plans starting per year */
    cc_param average_duration_months;/* mean time on a plan */
    cc_param to_care_share;          /* share of ending plans that enter care (CP only) */
} cc_plan_stock;

typedef struct cc_care_leavers {
    int start_young_people;          /* care leavers supported at the start */
    double share_supported_to_25;    /* the rest are supported to 21 */
    double accommodation_share;      /* share needing paid accommodation */
    double accommodation_weekly_cost_gbp;
    double support_annual_cost_gbp;  /* other support per young person */
} cc_care_leavers;

typedef struct cc_carers {
    int households;                       /* approved mainstream households at start */
    double over_60_share;                 /* share of households with a carer over 60 */
    double places_per_household;          /* average places offered */
    cc_param annual_approvals;            /* new households per year */
    cc_param annual_deregistration_pct;   /* % of households leaving per year */
    cc_param over_60_annual_deregistration_pct;
    cc_param annual_turning_60_pct;       /* % of under-60 households whose carer turns 60 a year */
    double assessment_approval_share;     /* share of started assessments ending in approval */
    double connected_children_per_household; /* converts connected children to households */
    int connected_placement;              /* placement index of connected carers, or -1 */
} cc_carers;

typedef struct cc_uasc {
    cc_param annual_children;              /* arrivals per year, 0 = none */
    int start_children;                    /* UASC in care at the start (within start_children of
                                              their placement types), split by age_shares */
    double age_shares[CC_MAX_BANDS];
    double first_placement[CC_MAX_PLACEMENTS];
    double grant_weekly_gbp;               /* Home Office grant per child-week */
} cc_uasc;

/* What a team's cases are counted from (summed). */
enum {
    CC_CASES_CIN = 1 << 0,
    CC_CASES_CP = 1 << 1,
    CC_CASES_CIC = 1 << 2,
    CC_CASES_CARE_LEAVERS = 1 << 3,
    CC_CASES_CARER_HOUSEHOLDS = 1 << 4,
    CC_CASES_CONNECTED_HOUSEHOLDS = 1 << 5,
    CC_CASES_CARER_ASSESSMENTS = 1 << 6,
    CC_CASES_ASSESSMENTS = 1 << 7, /* children undergoing a social work assessment */
};

#define CC_MAX_ESTABLISHMENT_CHANGES 8 /* dated changes to one team's establishment */

typedef struct cc_team {
    char name[CC_NAME_MAX];
    unsigned cases;          /* CC_CASES_* bits */
    double cases_per_fte;    /* caseload ratio for an experienced worker */
    bool asye_applies;       /* case holders include ASYE workers */
    bool in_caseload_kpi;    /* counted in caseload.average (default: asye_applies) */
    double establishment_fte;/* funded posts at the start */
    size_t n_establishment_changes;
    int establishment_change_month[CC_MAX_ESTABLISHMENT_CHANGES]; /* months after the start, ascending */
    double establishment_change_fte[CC_MAX_ESTABLISHMENT_CHANGES]; /* funded posts from that month */
    double permanent_fte;    /* permanent staff in post at the start, ASYE included */
} cc_team;

/* Who covers case-holding posts that permanent staff do not fill. */
typedef enum cc_agency_policy {
    CC_AGENCY_FILL_TO_NEED = 0,      /* agency covers need beyond staff in post */
    CC_AGENCY_FILL_TO_ESTABLISHMENT, /* agency covers vacant funded posts only */
    CC_AGENCY_NONE,                  /* no agency cover (beyond any minimum share) */
} cc_agency_policy;

/* What the ASYE share rule does when an intake would break it. */
typedef enum cc_asye_cap {
    CC_ASYE_CAP_INTAKE = 0, /* the intake is cut to keep within the share */
    CC_ASYE_CAP_FLAG,       /* the intake joins; months over the share are flagged */
} cc_asye_cap;

/* Contract KPIs on the workforce, judged per financial year. */
typedef enum cc_kpi_id {
    CC_KPI_CASELOAD = 0, /* caseload.average, cases per case-holding FTE */
    CC_KPI_VACANCY_RATE, /* fte.vacancy_rate, 0-1 */
    CC_KPI_AGENCY_SHARE, /* fte.agency_share, 0-1 */
    CC_KPI_COUNT
} cc_kpi_id;

/* A lower-is-better KPI: green at or below target, amber at or below
 * tolerance, red above it. */
typedef struct cc_kpi {
    bool is_set;
    double target;
    double tolerance;
} cc_kpi;

typedef struct cc_workforce {
    double asye_start_share;            /* share of permanent_fte in ASYE at the start */
    bool has_asye_need_share;           /* need uses asye_need_share, not the actual share */
    double asye_need_share;             /* a fixed ASYE share of case holders for need */
    double asye_caseload_reduction;     /* flat reduction, e.g. 0.20 */
    bool has_asye_ramp;                 /* quarterly factors instead of flat */
    double asye_quarter_caseload_factors[4]; /* by quarter since joining */
    double asye_max_share;              /* ASYE share of case holders allowed; 1 = no rule */
    cc_asye_cap asye_cap;               /* what the rule does */
    double annual_turnover_pct;         /* permanent and ASYE leavers per year */
    double annual_recruitment_fte;      /* experienced permanent hires per year */
    double asye_intake_fte;             /* ASYE joining per year */
    double asye_intake_weights[12];     /* share of the year's intake by month Jan..Dec, sum 1 */
    cc_agency_policy agency_policy;
    double agency_min_share;            /* agency at least this share of case holders */
    double assessment_months;           /* a carer assessment lasts this long */
    double permanent_annual_cost_gbp;
    double asye_annual_cost_gbp;
    double agency_annual_cost_gbp;
    double overhead_ratio;              /* non-case-holding FTE per case-holding FTE */
    cc_kpi kpis[CC_KPI_COUNT];          /* targets; unset ones are not judged */
    size_t n_teams;
    cc_team teams[CC_MAX_TEAMS];
} cc_workforce;

/* The costs a budget line covers, or a contribution is a share of, as bits:
 * bit p for placement type p (bits 0-15), then the costs below, then one bit
 * per allowance kind and per other cost line, in model order. */
#define CC_COVERS_PLACEMENT(p) ((uint64_t)1 << (p))
#define CC_COVERS_PLACEMENTS ((uint64_t)0xffff)
#define CC_COVERS_CARE_LEAVERS ((uint64_t)1 << 16)
#define CC_COVERS_STAFF ((uint64_t)1 << 17)
#define CC_COVERS_OVERHEADS ((uint64_t)1 << 18)
#define CC_COVERS_INITIATIVES ((uint64_t)1 << 19) /* initiatives' costs less fixed savings */
#define CC_COVERS_ALLOWANCE(i) ((uint64_t)1 << (20 + (i)))
#define CC_COVERS_OTHER(i) ((uint64_t)1 << (20 + CC_MAX_ALLOWANCES + (i)))

/* Financial years are numbered by the calendar year they start in
 * (2019 = 2019/20). */
typedef struct cc_budget_line {
    char name[CC_NAME_MAX];
    uint64_t covers;                    /* CC_COVERS_* bits */
    bool unbudgeted;                    /* costs knowingly left without a budget: budget 0 */
    double annual_gbp[CC_MAX_YEARS];    /* from budgets.first_year */
} cc_budget_line;

/* Income tied to costs, e.g. health contributions to residential placements:
 * share x the month's spend on what it is a share of. */
typedef struct cc_contribution {
    char name[CC_NAME_MAX];
    char label[CC_TEXT_MAX];
    uint64_t of;                        /* CC_COVERS_* bits of the costs it shares */
    double share;                       /* 0-1 */
} cc_contribution;

/* Financial allowances paid after care ends (special guardianship, child
 * arrangements, adoption): a stock of orders, each costing so much a year. */
typedef struct cc_allowance {
    char name[CC_NAME_MAX];
    char label[CC_TEXT_MAX];
    int start_orders;                   /* orders with an allowance at the start */
    int from_route;                     /* exit route whose exits add orders, or -1 */
    double share_with_allowance;        /* share of those exits granted an allowance */
    double annual_new_orders;           /* other orders per year (e.g. private law), Poisson */
    double annual_cost_gbp;             /* per order, at start prices */
    double annual_end_pct;              /* % of orders ending per year (child turns 18, review) */
} cc_allowance;

/* What a cost that is not a child in care is counted per. */
typedef enum cc_cost_driver {
    CC_DRIVER_FIXED = 0,      /* a fixed number of units (e.g. 40 FTE of business support) */
    CC_DRIVER_CIC,            /* per child in care at the month end */
    CC_DRIVER_CARE_LEAVERS,   /* per care leaver supported */
    CC_DRIVER_CIN_CP,         /* per child on a CIN or CP plan */
    CC_DRIVER_SOCIAL_WORKERS, /* per social worker FTE paid (permanent, ASYE and agency) */
    CC_DRIVERS
} cc_cost_driver;

/* A cost line that is not a child in care: transport, staff who are not
 * social workers, legal fees. A month costs
 * driver count x units_per_driver x annual_cost_gbp / 12 x its price index. */
typedef struct cc_other_cost {
    char name[CC_NAME_MAX];
    char label[CC_TEXT_MAX];
    cc_cost_driver driver;
    double units_per_driver;            /* units per driver count (the units when FIXED) */
    double annual_cost_gbp;             /* per unit per year, at start prices */
    cc_price_index inflation;           /* its own price index */
} cc_other_cost;

/* Each cost and income line's own price index (cc_price_index). Placement
 * prices have theirs per type (annual_price_inflation_pct). */
typedef struct cc_inflation {
    cc_price_index pay;          /* pay award: permanent, ASYE and agency social workers, managers */
    cc_price_index overheads;    /* fixed overheads */
    cc_price_index care_leavers; /* leaving care accommodation and support */
    cc_price_index initiatives;  /* initiatives' running, one-off and bed costs, fixed savings */
    cc_price_index allowances;   /* SGO, child arrangements and adoption allowances */
    cc_price_index uasc_grant;   /* the Home Office grant rate */
} cc_inflation;

typedef struct cc_finance {
    double fixed_overheads_annual_gbp;
    double price_inflation_correlation; /* 0-1, shared market shock */
    double opening_balance_gbp;         /* cumulative net position carried in: < 0 a deficit */
    cc_inflation inflation;
    int budget_first_year;              /* e.g. 2019 for "2019/20" */
    size_t n_budget_years;
    size_t n_budget_lines;
    cc_budget_line budget_lines[CC_MAX_BUDGET_LINES];
    int funding_first_year;
    size_t n_funding_years;
    double contract_sum_gbp[CC_MAX_YEARS];
    double partner_contributions_gbp[CC_MAX_YEARS];
    double one_off_gbp[CC_MAX_YEARS];
    double funding_uplift_annual_pct;   /* yearly change of funding beyond the table, % */
    size_t n_contributions;
    cc_contribution contributions[CC_MAX_CONTRIBUTIONS];
    int contract_year_1;                /* financial year of contract year 1 */
    size_t n_mtfp_years;
    double mtfp_targets_gbp[CC_MAX_YEARS]; /* index 0 = contract year 1 */
} cc_finance;

typedef enum cc_effect_kind {
    CC_EFFECT_REDUCE_ENTRIES = 0, /* % fewer entries */
    CC_EFFECT_RAISE_EXITS,        /* % more exits by a route */
    CC_EFFECT_STEP_DOWN,          /* children per year from a type to another */
    CC_EFFECT_CARER_APPROVALS,    /* extra approvals per year */
    CC_EFFECT_OPEN_BEDS,          /* in-house beds opened */
    CC_EFFECT_PRICE_CUT,          /* % off a type's unit price */
    CC_EFFECT_AGENCY_SHARE,       /* % points less agency */
    CC_EFFECT_ADD_CHILDREN,       /* children added to a placement type */
    CC_EFFECT_FIXED_SAVING,       /* pounds a year saved, not tied to children */
    CC_EFFECT_KINDS
} cc_effect_kind;

typedef struct cc_initiative {
    char name[CC_NAME_MAX];
    char label[CC_TEXT_MAX];
    cc_effect_kind kind;
    int start_month_index;     /* months after the model start */
    int end_month_index;       /* first month without effect or cost; 0 = no end */
    int ramp_months;           /* linear ramp to full effect */
    double one_off_cost_gbp;
    double annual_cost_gbp;
    double delivery_probability;
    cc_param effect;           /* size: % (entries, exits, price, agency points), children or
                                  households per year (step-down, approvals), beds, children
                                  (add_children) or pounds a year (fixed_saving) */
    int route;                 /* exit route for RAISE_EXITS, -1 = all */
    int from;                  /* STEP_DOWN from, PRICE_CUT and ADD_CHILDREN placement; -1 = none */
    int to;                    /* STEP_DOWN to; -1 = none */
    double bed_annual_cost_gbp;/* OPEN_BEDS: running cost per bed */
} cc_initiative;

/* Whole-scenario levers: deterministic what-ifs applied to every path, in the
 * months from start_month_index up to (not including) end_month_index. */
typedef struct cc_levers {
    int start_month_index;             /* months after the model start; 0 = from the start */
    int end_month_index;               /* first month without the levers; 0 = no end */
    double entries_change_pct;         /* % change to every entry (all streams) */
    double entries_not_cp_change_pct;  /* % change to entries not linked to CP plans */
    double entries_from_cp_change_pct; /* % change to entries when a CP plan ends */
    double uasc_change_pct;            /* % change to UASC arrivals */
    double exits_change_pct;           /* % change to every exit route */
    double extra_annual_approvals;     /* more foster carer households per year */
    int extra_in_house_beds;           /* in-house residential beds opened */
    double price_change_pct[CC_MAX_PLACEMENTS]; /* % change to unit costs */
    size_t n_set;                      /* how many levers the file sets */
    char set_names[16][CC_NAME_MAX];   /* their keys, for summaries */
} cc_levers;

typedef struct cc_run_settings {
    char name[CC_TEXT_MAX];
    int paths;
    unsigned long seed;
    int horizon_months;
    int threads;                       /* 0 = all cores */
    bool parameter_uncertainty;
    size_t n_percentiles;
    double percentiles[CC_MAX_PERCENTILES]; /* in (0, 100), ascending */
    char output_dir[CC_PATH_MAX];
    bool mtfp_rating;                   /* the report rates the MTFP targets (default true) */
    double rag_green_probability;       /* default 0.80 */
    double rag_amber_probability;       /* default 0.50 */
} cc_run_settings;

/* A parameter a sensitivity analysis swings by default, with its range. */
typedef struct cc_sensitivity_param {
    char name[CC_NAME_MAX];  /* e.g. "entries" */
    char label[CC_TEXT_MAX]; /* e.g. "Entries to care a year" */
    char key_path[256];      /* a scalar, as for --set, e.g. "model.entries.annual_children.mean" */
    double low, high;        /* in the key's unit */
} cc_sensitivity_param;

/* The unit of a key assumption's value, for formatting in reports. */
typedef enum cc_unit {
    CC_UNIT_COUNT = 0,   /* children, households */
    CC_UNIT_PER_YEAR,    /* children or households a year */
    CC_UNIT_MONTHS,      /* an average duration */
    CC_UNIT_SHARE,       /* 0-1, shown as a percentage */
    CC_UNIT_GBP_WEEK,    /* pounds a week */
    CC_UNIT_GBP_YEAR,    /* pounds a year */
    CC_UNIT_GBP,         /* pounds (a balance) */
    CC_UNIT_CASES,       /* cases per worker */
} cc_unit;

/* A key assumption for reports: what it is, its value, and its source (the
 * comment on the line that sets it, or file:line when there is none). */
typedef struct cc_assumption {
    char label[CC_TEXT_MAX];  /* e.g. "Unit cost: Independent fostering agency" */
    double value;             /* in `unit` */
    cc_unit unit;
    char source[CC_TEXT_MAX]; /* e.g. "seed 000 §3.3 [derived]" */
} cc_assumption;

/* ---- history: what happened, by financial year ---- */

/* The stocks (at 31 March) and flows (during the year) a history year may give. */
typedef enum cc_history_field {
    CC_HIST_CIC = 0,        /* children in care */
    CC_HIST_CIN,            /* children on a CIN plan */
    CC_HIST_CP,             /* children on a CP plan */
    CC_HIST_CARE_LEAVERS,   /* care leavers supported */
    CC_HIST_ASSESSMENTS,    /* children undergoing an assessment (not modelled) */
    CC_HIST_ENTRIES,        /* children becoming looked after in the year */
    CC_HIST_EXITS,          /* children ceasing care in the year */
    CC_HIST_CIN_STARTS,     /* CIN plans started in the year */
    CC_HIST_CP_STARTS,      /* CP plans started in the year */
    CC_HIST_FIELDS
} cc_history_field;

/* Keys in `history.years` and the run metric each is compared with (NULL: none). */
extern const char *const cc_history_field_names[CC_HIST_FIELDS];
extern const char *const cc_history_metric_names[CC_HIST_FIELDS];

typedef struct cc_history_year {
    int year;                                   /* financial year (2018 = 2018/19): stocks at
                                                   31 March 2019, flows during 2018/19 */
    double value[CC_HIST_FIELDS];               /* NAN when not given */
    double placements[CC_MAX_PLACEMENTS];       /* children by type at the year end, or NAN */
    double spend_placements_gbp;                /* placement spend in the year, or NAN */
    double spend_total_gbp;                     /* total spend in the year, or NAN */
    double spend_line_gbp[CC_MAX_BUDGET_LINES]; /* spend by budget line, or NAN */
} cc_history_year;

/* Comparators for short histories: rates per 10,000 children aged 0-17 in a
 * reference population (NAN when not given). */
typedef struct cc_comparators {
    double entries_per_10000;  /* children becoming looked after a year */
    double exits_per_10000;    /* children ceasing care a year */
    char source[CC_TEXT_MAX];  /* e.g. "England, 2023/24 (flows-2018-2024.md)" */
} cc_comparators;

/* ---- a fitted section (`calibration`, written by `carecast calibrate`) ---- */

/* Overrides of the model's start and processes, as at a date: applied over
 * the model when the scenario is loaded, or in memory by the hindcast. */
typedef struct cc_calibration {
    bool present;
    int as_at_year, as_at_month, as_at_day; /* the last day the fit could know */
    int start_cic, start_cin, start_cp, start_care_leavers; /* -1 when not given */
    int start_placements[CC_MAX_PLACEMENTS]; /* -1 when not given */
    bool has_process[CC_PROC_TARGETS];
    cc_process processes[CC_PROC_TARGETS];
} cc_calibration;

typedef struct cc_scenario {
    char model_name[CC_TEXT_MAX];
    int start_year;                    /* first simulated month */
    int start_month;                   /* 1-12 */
    double child_population;           /* children aged 0-17 */
    size_t n_bands;
    cc_age_band bands[CC_MAX_BANDS];
    size_t n_placements;
    cc_placement placements[CC_MAX_PLACEMENTS];
    size_t n_moves;
    cc_move moves[CC_MAX_MOVES];
    cc_entries entries;
    cc_plan_stock cin;
    cc_plan_stock cp;
    bool has_assessments;              /* children undergoing a social work assessment */
    cc_plan_stock assessments;
    cc_care_leavers care_leavers;
    cc_carers carers;
    cc_uasc uasc;
    cc_workforce workforce;
    cc_finance finance;
    size_t n_allowances;
    cc_allowance allowances[CC_MAX_ALLOWANCES];
    size_t n_other_costs;
    cc_other_cost other_costs[CC_MAX_OTHER_COSTS];
    size_t n_initiatives;
    cc_initiative initiatives[CC_MAX_INITIATIVES];
    cc_levers levers;
    cc_run_settings run;
    size_t n_sensitivity;              /* default sensitivity parameters */
    cc_sensitivity_param sensitivity[CC_MAX_SENSITIVITY];
    cc_process processes[CC_PROC_TARGETS]; /* yearly processes, by target */
    size_t n_history;                  /* actual children in care, for charts */
    char history_month[CC_MAX_HISTORY][8]; /* "YYYY-MM" */
    double history_cic[CC_MAX_HISTORY];
    size_t n_history_years;            /* history by financial year, oldest first */
    cc_history_year history_years[CC_HISTORY_YEARS_MAX];
    cc_comparators comparators;        /* history.comparators */
    cc_calibration calibration;        /* the fitted section applied, if any */
    size_t n_assumptions;
    cc_assumption assumptions[CC_MAX_ASSUMPTIONS];
    size_t n_warnings;                 /* values accepted but probably in the wrong unit */
    char warnings[CC_WARNINGS_MAX][CC_ERROR_MESSAGE_MAX]; /* "file:line: key.path: message" */
    size_t n_files;                    /* files read, scenario first */
    char files[CC_MAX_FILES][CC_PATH_MAX];
} cc_scenario;

/* Index of the placement type or band called name, or -1. */
int cc_scenario_placement_index(const cc_scenario *scenario, const char *name);
int cc_scenario_band_index(const cc_scenario *scenario, const char *name);

/* The name of an initiative's effect as written in scenarios ("reduce_entries"). */
const char *cc_effect_name(cc_effect_kind kind);

/* Total children in care at the start (sum over placement types). */
int cc_scenario_start_cic(const cc_scenario *scenario);

/* The history year for financial year `year` (2018 = 2018/19), or NULL. */
const cc_history_year *cc_scenario_history_year(const cc_scenario *scenario, int year);

#endif
