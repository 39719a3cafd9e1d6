# Net position: spend against income by financial year (top) and the
# cumulative position against the contract sum (bottom).
# Data: year, cost p10, p50, p90, income p50, cumulative p10, p50, p90 (£m).
set multiplot layout 2,1 title @TITLE@
set title "Spend against income"
set ylabel "£m a year"
set boxwidth 0.6
set yrange [0:*]
set key below horizontal font ",10"
set offsets 0, 0, graph 0.08, 0
plot "@DATA@" using 0:3:xtic(1) with boxes ls 12 title "Median spend", \
     "" using 0:3:2:4 with yerrorbars ls 1 pt 0 title "P10-P90", \
     "" using 0:5 with linespoints ls 2 title "Income (contract sum, contributions, grants)"
set title "Cumulative net position (negative = deficit)"
set ylabel "£m"
set autoscale y
set offsets 0, 0, 0, 0
plot "@DATA@" using 0:6:8:xtic(1) with filledcurves ls 11 title "P10-P90", \
     "" using 0:7 with linespoints ls 1 title "Median", \
     0 with lines ls 3 notitle
unset multiplot
