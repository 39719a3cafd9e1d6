# The sector models' own projections from their published fitted inputs
# (tests/data/ssda903-peers/), as published and with every child leaving care
# at the 18th birthday: the arithmetic of docs/calibration.md 17.6.
#
#   awk -f peers.awk -v model=a1|a2 -v start=YYYY-MM-DD \
#       DATA/*/header.csv DATA/*/episodes.csv RATES ENTRANTS INITIAL
#
# Files are told apart by their first line. The yearly files are merged as the
# peers do it: for each child the latest episode, closed if any copy closes it.
# RATES is A1's transition_rates.csv (daily rates, an empty target meaning
# removal) or A2's transition_matrix.csv (daily M, rows summing to 1).
# Both peers project the mean of pop' = M pop + e one day at a time. Each child
# in care on `start` is followed as a mass of 1 from the state the peer puts
# them in (A1: band by age at the start of the current episode; A2: by age that
# day; categories as each maps PLACE); with age_out the child's mass still in
# care on their 18th birthday leaves. Entrants (e a day) arrive under 16 and
# cannot reach 18 within two years, so they are not aged out.
#
# Prints "stock STATE CHILDREN PEER" for each start state (the binning must
# reproduce the peer's initial population), then "total DAYS AS_PUBLISHED
# AGED_OUT_AT_18" at 365 and 731 days (the peers' +1 and +2 years).

function days_from_civil(y, m, d,    era, yoe, doy, doe) {
    y -= (m <= 2)
    era = int((y >= 0 ? y : y - 399) / 400)
    yoe = y - era * 400
    doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
    doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
    return era * 146097 + doe - 719468
}

# "dd/mm/yyyy" or "yyyy-mm-dd" to days; -1 for a blank.
function day_of(text,    p) {
    if (text == "")
        return -1
    if (split(text, p, "/") == 3)
        return days_from_civil(p[3] + 0, p[2] + 0, p[1] + 0)
    split(text, p, "-")
    return days_from_civil(p[1] + 0, p[2] + 0, p[3] + 0)
}

# The day a child born on dob turns n (29 February: 1 March in common years).
function birthday(dob_text, n,    p, y) {
    split(dob_text, p, "/")
    y = p[3] + n
    if (p[2] + 0 == 2 && p[1] + 0 == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
        return days_from_civil(y, 3, 1)
    return days_from_civil(y, p[2] + 0, p[1] + 0)
}

function category(place, provider) {
    if (place ~ /^U[1-6]$/)
        return model == "a1" ? "FOSTERING" : "Fostering"
    if (place == "K2" || place == "R1" || (model == "a2" && (place == "S1" || place == "P3")))
        return model == "a1" ? "RESIDENTIAL" : "Residential"
    if (place == "H5" || place == "P2" || (model == "a2" && place == "K3"))
        return model == "a1" ? "SUPPORTED" : "Supported"
    return model == "a1" ? "OTHER" : "Other"
}

function band(age_years) {
    if (model == "a1")
        return age_years < 1 ? "BIRTH_TO_ONE" : age_years < 5 ? "ONE_TO_FIVE" : \
               age_years < 10 ? "FIVE_TO_TEN" : age_years < 16 ? "TEN_TO_SIXTEEN" : \
               "SIXTEEN_TO_EIGHTEEN"
    return age_years < 1 ? "Birth to 1" : age_years < 5 ? "1 to 5" : age_years < 10 ? "5 to 10" : \
           age_years < 16 ? "10 to 16" : "16 to 18+"
}

function state_name(b, c) {
    return model == "a1" ? b "|" c : b " - " c
}

function in_care(s) {
    return s !~ /NOT_IN_CARE|Not in care/
}

# Age in whole years on day t (birthdays as the calendar has them).
function age_on(dob_text, t,    n) {
    n = 0
    while (birthday(dob_text, n + 1) <= t)
        n++
    return n
}

BEGIN {
    FS = ","
    HORIZON_DAYS = 731
    t0 = day_of(start)
    if (model != "a1" && model != "a2" || t0 < 0) {
        print "usage: awk -f peers.awk -v model=a1|a2 -v start=YYYY-MM-DD FILES" > "/dev/stderr"
        exit 2
    }
}

FNR == 1 {
    sub(/\r$/, "")
    kind = $0 ~ /^CHILD,SEX,DOB/ ? "header" : $0 ~ /^CHILD,DECOM,/ ? "episodes" : \
           $0 ~ /^from_/ ? "rates" : $0 ~ /daily_entrants$/ ? "entrants" : \
           $0 ~ /population$/ ? "initial" : "other"
    next
}

kind == "header" { dob[$1] = $3; next }

# The child's latest episode (a closed copy wins over an open one); in care on
# t0 if it began by then and is open that day.
kind == "episodes" {
    d = day_of($2)
    e = day_of($8)
    if (!($1 in last) || d > last[$1]) {
        last[$1] = d
        dec[$1] = e
        place[$1] = $6
        provider[$1] = $7
    } else if (d == last[$1] && e >= 0) {
        dec[$1] = e
    }
    next
}

kind == "rates" && model == "a1" {
    from = state_name($1, $2)
    states[from] = 1
    rate = $7 + 0
    stay[from] += 0
    if ($3 == "") {
        stay[from] -= rate
    } else {
        to = state_name($3, $4)
        states[to] = 1
        stay[from] -= rate
        n_edges++
        edge_from[n_edges] = from
        edge_to[n_edges] = to
        edge_w[n_edges] = rate
    }
    next
}

kind == "rates" {
    states[$1] = states[$2] = 1
    n_edges++
    edge_from[n_edges] = $1
    edge_to[n_edges] = $2
    edge_w[n_edges] = $3 + 0
    next
}

kind == "entrants" {
    s = model == "a1" ? state_name($1, $2) : $1
    entrants[s] = $NF + 0
    next
}

kind == "initial" {
    s = model == "a1" ? state_name($1, $2) : $1
    peer_stock[s] = $NF + 0
    next
}

END {
    # A1's rates are out of a state: the rest of the mass stays.
    if (model == "a1")
        for (s in stay) {
            n_edges++
            edge_from[n_edges] = edge_to[n_edges] = s
            edge_w[n_edges] = 1 + stay[s]
        }
    # Group 0 follows everyone as published: the entrants and every child.
    # Group 1 follows the entrants and the children who stay under 18 for the
    # whole run; groups 2.. each follow one child who turns 18 during it,
    # whose mass in care leaves on that birthday. The recursion is linear, so
    # groups 1.. add up to the projection with leaving at 18.
    for (s in entrants)
        if (entrants[s] > 0 && s ~ /SIXTEEN_TO|16 to/) {
            print "peers.awk: entrants at 16 or over (" s "): they may turn 18 in the run" > "/dev/stderr"
            exit 1
        }
    n_groups = 1
    for (c in last) {
        if (!(last[c] <= t0 && (dec[c] < 0 || dec[c] > t0)) || !(c in dob))
            continue
        start_day = model == "a1" ? last[c] : t0
        s = state_name(band(model == "a1" ? (start_day - day_of(dob[c])) / 365.24 : \
                            age_on(dob[c], t0)), category(place[c], provider[c]))
        stock[s]++
        mass[0, s]++
        g = birthday(dob[c], 18) <= t0 + HORIZON_DAYS ? ++n_groups : 1
        mass[g, s]++
        eighteen[g] = birthday(dob[c], 18)
    }
    for (s in peer_stock)
        if (peer_stock[s] > 0 || stock[s] > 0)
            printf "stock %s %d %d\n", s, stock[s], peer_stock[s]
    for (day = 1; day <= HORIZON_DAYS; day++) {
        for (g = 0; g <= n_groups; g++) {
            for (s in states)
                next_mass[s] = 0
            for (k = 1; k <= n_edges; k++)
                next_mass[edge_to[k]] += mass[g, edge_from[k]] * edge_w[k]
            aged_out = g > 1 && t0 + day >= eighteen[g]
            for (s in states)
                mass[g, s] = (aged_out && in_care(s)) ? 0 : next_mass[s] + (g < 2 ? entrants[s] : 0)
        }
        if (day == 365 || day == HORIZON_DAYS) {
            published = aged = 0
            for (s in states)
                if (in_care(s)) {
                    published += mass[0, s]
                    for (g = 1; g <= n_groups; g++)
                        aged += mass[g, s]
                }
            printf "total %d %.2f %.2f\n", day, published, aged
        }
    }
}
