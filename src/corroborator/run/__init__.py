"""Where the stages run: backends (in-process, processes, Dask), progress bars, worker lifetime."""
