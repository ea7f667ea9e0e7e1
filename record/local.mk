# record/ files
