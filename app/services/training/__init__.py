"""Training businesses (issue 16): their profile and chamber mark, spontaneous applications, favourites, « Pour vous »."""
