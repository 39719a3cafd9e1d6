# Hindcast from one origin: for each quantity with a history (children in care, CIN, CP,
# care leavers, entries, exits), what happened (points and line) and the forecast made at
# the origin (box P25-P75, whiskers P5-P95, bar the median), by the year of the 31 March
# (stocks) or the year to 31 March (flows).
# Data: one block per quantity drawn (index 0, 1, ...) of: year, actual, p5, p25, p50, p75,
# p95 (NaN when none). The next line sets origin_year, the layout and the panels' titles.
@PANELS@
set multiplot layout rows, cols title @TITLE@ font ",12"
set xtics 1 format "%.0f" rotate by -45 font ",8"
set ytics font ",8"
set offsets 0.5, 0.5, 0, 0
set boxwidth 0.4
set key top left font ",8" samplen 1.5
set arrow 1 from origin_year + 0.5, graph 0 to origin_year + 0.5, graph 1 nohead dt 2 lc rgb "#888888"
do for [i=1:|panel|] {
    set title panel[i] font ",10"
    plot "@DATA@" index (i - 1) using 1:4:3:7:6 with candlesticks ls 12 \
             title (i == 1 ? "P5-P95, P25-P75" : ""), \
         "" index (i - 1) using 1:5:5:5:5 with candlesticks lc rgb "#08306b" lw 2 notitle, \
         "" index (i - 1) using 1:2 with linespoints ls 2 title (i == 1 ? "Actual" : "")
}
unset multiplot
unset arrow 1
