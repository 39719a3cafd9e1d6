# Foster carer capacity, the base beside each alternative (medians): in-house
# places (solid) and children in the overflow type, agency fostering (dashed).
# Data: month, then per scenario (base first): places, overflow children
# (header row: "NAME places", "NAME in agency fostering").
set title @TITLE@
set xdata time
set timefmt "%Y-%m"
set format x "%b %Y"
set xtics rotate by -30
set autoscale xfix
set ylabel "Places or children"
set yrange [0:*]
set key below horizontal maxrows 2 font ",10"
n = @SERIES@
plot for [j=1:n] "@DATA@" using 1:(column(2*j)) with lines lw 2.5 dt 1 \
         lc rgb word("#08306b #a50f15 #525252 #238b45", (j-1)%4+1) title columnheader(2*j), \
     for [j=1:n] "" using 1:(column(2*j+1)) with lines lw 2 dt 2 \
         lc rgb word("#08306b #a50f15 #525252 #238b45", (j-1)%4+1) title columnheader(2*j+1)
