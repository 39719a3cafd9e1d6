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
# The key above the plot, under the title: below it, in print, a marker
# fell on a year's label.
set key outside top center horizontal font ",10"
set offsets 0, 0, graph 0.12, 0  # room for the labels above the whiskers
plot "@DATA@" using 0:3:xtic(1) with boxes ls 12 title "Median spend", \
     "" using 0:3:2:4 with yerrorbars ls 1 pt 0 title "P10-P90", \
     "" using 0:5 with points ls 2 pt 9 ps 2.0 title "Budget", \
     "" using 0:8 with points ls 3 pt 7 ps 1.4 title "Actual", \
     "" using 0:4:(stringcolumn(7)) \
        with labels offset 0,1.2 font ",10" notitle
