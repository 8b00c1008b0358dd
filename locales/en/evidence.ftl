# Evidence: what each cited observation is. Figures arrive already formatted.
