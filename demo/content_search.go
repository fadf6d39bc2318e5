package demo

// spanishThreads show search across languages: a grandmother asks in
// Spanish, and searches for "dieta cetogénica", "convulsión" or
// "ketogenic diet" all find the conversation.
var spanishThreads = []Thread{
	{
		Community: "epilepsy",
		Author:    "abuela_cuida",
		Title:     "¿Alguien probó la dieta cetogénica? Mi nieta tiene convulsiones",
		Body: `Hola a todos. Mi nieta tiene 4 años y convulsiones desde bebé. Ya probó dos medicamentos y su neuróloga nos habló de la dieta cetogénica.

Me da miedo: ¿es muy difícil en casa? ¿Cuánto tiempo tardó en notarse algún cambio? Escribo en español porque así me explico mejor. Gracias por leer.`,
		DaysAgo: 12,
		Replies: []Reply{
			{Author: "keto_kitchen_mom", HoursAfter: 3,
				Body: "Hola, abuela. My Spanish is rusty, so I'll answer in English and a little Spanish: sí, we did the ketogenic diet with our daughter for a year. Las primeras semanas fueron difíciles, pesábamos toda la comida. We saw fewer seizures after about two months. Her team and a dietitian will guide you. You are not alone."},
			{Author: "epilepsy_nurse_rn", HoursAfter: 6,
				Body: "Información general, no un consejo médico: la dieta cetogénica es un tratamiento para la epilepsia que siempre se hace con el equipo médico y una dietista, porque hay que vigilar el crecimiento, los riñones y los medicamentos. Muchas familias ven cambios en uno a tres meses. Pregunte a la neuróloga qué hospital ofrece el programa cerca de ustedes."},
			{Author: "abuela_cuida", HoursAfter: 20,
				Body: "Muchas gracias a las dos. Voy a llevar estas preguntas a la próxima consulta. @keto_kitchen_mom, thank you for writing a little Spanish for me."},
		},
	},
}

// searchStories are stories that searches find beside the threads and
// the "What we tried" experiences: "ketogenic diet" finds this story, the
// threads above and members' experiences with the diet.
var searchStories = []DemoStory{
	{
		Author:     "keto_kitchen_mom",
		Title:      "Our first month on the ketogenic diet, one meal at a time",
		Visibility: "public",
		DaysAgo:    25,
		Body: `When our daughter's team first said "ketogenic diet", I pictured bacon and not much else. The real thing was quieter and a lot more careful.

**The first week** we spent most evenings with the dietitian's meal plans and a kitchen scale. Every meal was weighed to the gram. I cried over a ruined batch of muffins and then made them again.

**The second week** was about checking ketones and learning what "too high" and "too low" looked like for her. We kept a notebook on the fridge.

**By the end of the month** the seizures were not gone, but the clusters were shorter. More than that, I felt like we were doing something, not only waiting.

What helped most:

- One dietitian who answered our messages, even the silly ones
- Cooking two days of food at a time
- Other families here who had done it first

This is our story, not advice. The ketogenic diet is a medical treatment: please do it only with your own team.`,
		Comments: []StoryComment{
			{Author: "keppra_kid_mom", HoursAfter: 6,
				Body: "The notebook on the fridge! We did the same. Thank you for being honest about the muffins."},
		},
	},
}

func init() { Stories = append(Stories, searchStories...) }
