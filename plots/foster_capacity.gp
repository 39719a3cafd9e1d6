# Foster carer capacity: in-house places against children needing foster care,
# and the overflow to agency fostering (medians).
# Data: month, in-house places, children in in-house foster care, children in
# in-house + agency foster care, children in agency foster care.
set title @TITLE@
set xdata time
set timefmt "%Y-%m"
set format x "%b %Y"
set xtics rotate by -30
set autoscale xfix
set ylabel "Children or places"
set yrange [0:*]
set key below horizontal maxrows 2 font ",10"
plot "@DATA@" using 1:4 with lines ls 3 title "Needing foster care (in-house + agency)", \
     "" using 1:2 with lines ls 1 title "In-house places", \
     "" using 1:3 with lines ls 4 title "In in-house foster care", \
     "" using 1:5 with lines ls 2 title "In agency foster care (overflow)"
