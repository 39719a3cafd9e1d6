/* Calendar arithmetic on whole days since 1970-01-01, and the two date
 * layouts SSDA903 files use. Algorithms from H. Hinnant, "chrono-compatible
 * low-level date algorithms" (days_from_civil, civil_from_days). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "ssda903/ssda903_internal.h"

int ssda_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;                                 /* [0, 399] */
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1; /* [0, 365] */
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;         /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

void ssda_civil_from_days(int days, int *y, int *m, int *d)
{
    const int z = days + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = z - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

int ssda_birthday(int dob, int age_years)
{
    int y = 0, m = 0, d = 0;
    ssda_civil_from_days(dob, &y, &m, &d);
    y += age_years;
    if (m == 2 && d == 29 && !is_leap(y)) {
        m = 3; /* legal age in England: a 29 February birthday counts from 1 March */
        d = 1;
    }
    return ssda_days_from_civil(y, m, d);
}

int ssda_april_first_before(int day)
{
    int y = 0, m = 0, d = 0;
    ssda_civil_from_days(day, &y, &m, &d);
    return ssda_days_from_civil(m >= 4 ? y : y - 1, 4, 1);
}

int ssda_march_end_after(int day)
{
    int y = 0, m = 0, d = 0;
    ssda_civil_from_days(day, &y, &m, &d);
    return ssda_days_from_civil(m <= 3 ? y : y + 1, 3, 31);
}

/* Reads exactly n digits into *out. */
static bool digits(const char *s, size_t n, int *out)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool cc_ssda903_date_parse(const char *text, int *days)
{
    while (*text == ' ')
        text++;
    size_t n = strlen(text);
    while (n > 0 && text[n - 1] == ' ')
        n--;
    if (n != 10)
        return false;
    int y = 0, m = 0, d = 0;
    bool ok = false;
    if (text[2] == '/' && text[5] == '/')
        ok = digits(text, 2, &d) && digits(text + 3, 2, &m) && digits(text + 6, 4, &y);
    else if (text[4] == '-' && text[7] == '-')
        ok = digits(text, 4, &y) && digits(text + 5, 2, &m) && digits(text + 8, 2, &d);
    if (!ok || y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return false;
    *days = ssda_days_from_civil(y, m, d);
    return true;
}

/* Writes value as exactly n decimal digits (value is in range). */
static void put_digits(char *out, int value, int n)
{
    for (int i = n - 1; i >= 0; i--, value /= 10)
        out[i] = (char)('0' + value % 10);
}

void cc_ssda903_date_format(int days, char out[static 11])
{
    int y = 0, m = 0, d = 0;
    ssda_civil_from_days(days, &y, &m, &d);
    put_digits(out, y < 0 ? 0 : y > 9999 ? 9999 : y, 4); /* always 1800-2200 here */
    out[4] = '-';
    put_digits(out + 5, m, 2);
    out[7] = '-';
    put_digits(out + 8, d, 2);
    out[10] = '\0';
}
