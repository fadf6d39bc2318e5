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
