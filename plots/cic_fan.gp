# Children in care: fan chart of the simulated range, with actual history.
# Data: month, p5, p25, p50, p75, p95 (children).
set title @TITLE@
set xdata time
set timefmt "%Y-%m"
set format x "%b %Y"
set xtics rotate by -30
set autoscale xfix
set ylabel "Children in care"
set yrange [0:*]
# Room at both ends: the first actual point and the last month's label are
# not cut at the frame.
set offsets graph 0.02, graph 0.02, 0, 0
set rmargin 8
set key below horizontal font ",10"
plot "@DATA@" using 1:2:6 with filledcurves ls 11 title "P5-P95", \
     "" using 1:3:5 with filledcurves ls 12 title "P25-P75", \
     "" using 1:4 with lines ls 1 title "Median"@HISTORY@
