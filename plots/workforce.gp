# Workforce: social workers needed against establishment and permanent staff,
# with agency cover stacked on staff in post (medians).
# Data: month, need, establishment, in post (permanent + ASYE), in post + agency (FTE).
set title @TITLE@
set xdata time
set timefmt "%Y-%m"
set format x "%b %Y"
set xtics rotate by -30
set autoscale xfix
set ylabel "FTE"
set yrange [0:*]
# The key below the plot: inside, the filled areas would hide it.
set key below horizontal font ",10"
plot "@DATA@" using 1:(0):4 with filledcurves ls 12 title "Permanent staff (incl. ASYE)", \
     "" using 1:4:5 with filledcurves fc rgb "#fcbba1" title "Agency cover", \
     "" using 1:2 with lines ls 1 title "FTE needed", \
     "" using 1:3 with lines ls 2 title "Establishment"
