# Placement mix: stacked area of the mean number of children by placement type.
# Data: month, then one cumulative column per placement type (header row: names).
set title @TITLE@
set xdata time
set timefmt "%Y-%m"
set format x "%b %Y"
set xtics rotate by -30
set ylabel "Children in care (mean)"
set yrange [0:*]
set key below horizontal maxrows 4 font ",10" samplen 1.5
set autoscale xfix
n = @SERIES@
# Each type its own colour, none shared (up to 16 types, CC_MAX_PLACEMENTS),
# from the colour-blind-safe schemes of Okabe and Ito and of Paul Tol, in an
# order where each is the farthest (CIEDE2000) from those before it: any two of
# the first 11 differ by at least 18 in normal vision and 10 in simulated
# deuteranopia and protanopia; any two of the 16 by at least 6 (test_output.c
# checks this). White borders keep neighbouring bands apart in greyscale.
array mix[16] = ["#0072B2", "#F0E442", "#FFAABB", "#117733", "#882255", "#33BBEE", \
                 "#332288", "#EE3377", "#E69F00", "#44BB99", "#EE8866", "#CC3311", \
                 "#CC79A7", "#AA4499", "#999933", "#009988"]
plot for [i=n:1:-1] "@DATA@" using 1:(column(i+1)) with filledcurves x1 \
     fc rgb mix[i] fs solid 1.0 border lc rgb "#ffffff" \
     title columnheader(i+1)
