# Placement spend by financial year against budget: median bars, P10-P90 whiskers,
# labelled with the probability of overspending the placement budget.
# Data: year, p10, p50, p90, budget, p_over, label, actual (money in £m; budget and actual
# NaN when none;
# the label, e.g. "92% chance over", is formatted by carecast: ">99%", never "100%", unless certain).
set title @TITLE@
set ylabel "£m"
set yrange [0:*]
set boxwidth 0.6
set xtics nomirror
# The key below the years, with room of its own: without the margin, in
# print, its budget marker fell on a year's label.
set bmargin 5
set key below horizontal font ",10" spacing 1.5
# A little room at both ends (so a one-year run keeps its bar narrow), and
# room for the labels above the whiskers.
set offsets 0.2, 0.2, graph 0.12, 0
# carecast adds the "Actual" points (column 8) only when the history knows a
# year's spend, so the key never promises points that are not drawn; a label
# goes above the whisker or the actual point, whichever is higher.
plot "@DATA@" using 0:3:xtic(1) with boxes ls 12 title "Median spend", \
     "" using 0:3:2:4 with yerrorbars ls 1 pt 0 title "P10-P90", \
     "" using 0:5 with points ls 2 pt 9 ps 2.0 title "Budget", \
     "" using 0:(valid(8) && $8 > $4 ? $8 : $4):(stringcolumn(7)) \
        with labels offset 0,1.2 font ",10" notitle@ACTUAL@
