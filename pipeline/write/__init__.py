"""Writers: each turns the batch's results into files in the output folder."""
